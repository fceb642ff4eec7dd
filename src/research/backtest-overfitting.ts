/**
 * Probability of Backtest Overfitting by Combinatorially Symmetric Cross-Validation (CSCV).
 *
 * Bailey, D. H., Borwein, J., Lopez de Prado, M. & Zhu, Q. J. (2017), "The Probability of Backtest Overfitting",
 * Journal of Computational Finance 20(4). The T bars are cut into S contiguous blocks; every choice of S/2 blocks
 * is in-sample (IS) and the rest out-of-sample (OOS). The trial n* that is best IS gets its OOS rank r among the
 * N trials (1 = worst, average rank on ties), w = r / (N + 1), logit = ln(w / (1 - w)), and
 * PBO = share of splits with logit <= 0: how often the IS winner lands in the bottom half OOS.
 */
import type { Series } from './moments.js';
import { runSplits, type BacktestOverfittingResult } from './_cscv-splits.js';

export type { BacktestOverfittingResult } from './_cscv-splits.js';

/** What ranks the trials: per-bar Sharpe (mean / sample std, n - 1, not annualised) or mean return. */
export type OverfittingMetric = 'sharpe' | 'mean';

export interface BacktestOverfittingInput {
  /** One per-bar return series per trial (N >= 2), all of the same length T >= partitions. */
  returns: readonly Series[];
  /** Number of blocks S: an even integer >= 2; 16 by default (12,870 splits). */
  partitions?: number;
  metric?: OverfittingMetric;
}

export interface BacktestOverfittingBlocksInput {
  /** Sum of each trial's returns in each block: N x S values, one row of S per trial. */
  blockSums: Float64Array;
  /** Sum of squared returns, same layout; required for 'sharpe', ignored for 'mean'. */
  blockSquares?: Float64Array;
  /** Bars in each block, S values (S even, >= 2). Blocks may differ in size. */
  blockCounts: ArrayLike<number>;
  metric?: OverfittingMetric;
}

/**
 * CSCV probability of backtest overfitting from raw per-bar returns. The leading T mod S bars are dropped so the
 * S blocks are equal and the most recent bars are kept. Cost: one pass over the returns for the block sums, then
 * the split loop of {@link probabilityOfBacktestOverfittingFromBlocks}.
 * @throws RangeError for fewer than 2 trials, unequal lengths, an odd or too small `partitions`, T < S, an unknown
 * metric, or non-finite returns.
 */
export function probabilityOfBacktestOverfitting(input: BacktestOverfittingInput): BacktestOverfittingResult {
  const { returns, partitions = 16, metric = 'sharpe' } = input;
  if (!Array.isArray(returns) || returns.length < 2) {
    throw new RangeError(`returns must hold one series per trial and at least 2 trials, got ${returns?.length ?? 0}`);
  }
  checkOptions(partitions, metric);
  const length = returns[0].length;
  returns.forEach((series, trial) => {
    if (series.length !== length) {
      throw new RangeError(`returns[${trial}] has ${series.length} bars but returns[0] has ${length}: align the trials first`);
    }
  });
  if (length < partitions) {
    throw new RangeError(`${length} bars cannot be cut into ${partitions} partitions: use fewer partitions or more bars`);
  }
  return probabilityOfBacktestOverfittingFromBlocks({ ...accumulateBlocks(returns, partitions), metric });
}

function checkOptions(partitions: number, metric: string): void {
  if (!Number.isInteger(partitions) || partitions < 2 || partitions % 2 !== 0) {
    throw new RangeError(`partitions must be an even integer >= 2 (16 is usual), was ${partitions}`);
  }
  if (metric !== 'sharpe' && metric !== 'mean') throw new RangeError(`metric must be 'sharpe' or 'mean', was ${metric}`);
}

/** Per-trial per-block sums and sums of squares; the leading T mod S bars are skipped. */
function accumulateBlocks(returns: readonly Series[], partitions: number) {
  const blockSize = Math.floor(returns[0].length / partitions);
  const start = returns[0].length - blockSize * partitions;
  const blockSums = new Float64Array(returns.length * partitions);
  const blockSquares = new Float64Array(returns.length * partitions);
  for (let trial = 0; trial < returns.length; trial++) {
    const series = returns[trial];
    let check = 0;
    for (let i = 0; i < start; i++) check += series[i] * 0; // NaN when a dropped bar is not finite either
    for (let block = 0, i = start; block < partitions; block++) {
      let sum = 0;
      let squares = 0;
      for (const end = i + blockSize; i < end; i++) {
        sum += series[i];
        squares += series[i] * series[i];
      }
      blockSums[trial * partitions + block] = sum;
      blockSquares[trial * partitions + block] = squares;
      check += sum + squares;
    }
    if (!Number.isFinite(check)) throw nonFiniteError(series, trial);
  }
  return { blockSums, blockSquares, blockCounts: new Array<number>(partitions).fill(blockSize) };
}

function nonFiniteError(series: Series, trial: number): RangeError {
  const index = Array.prototype.findIndex.call(series, (value: number) => !Number.isFinite(value));
  if (index < 0) return new RangeError(`returns[${trial}] are too large: their squares overflow; pass returns, not prices`);
  return new RangeError(`returns[${trial}][${index}] is ${series[index]}: returns must be finite numbers`);
}

/**
 * CSCV from per-trial per-block sums (what backtest workers accumulate), so the raw returns need not be kept.
 * A trial's IS sums add its S/2 chosen block sums (about 2 additions per split, as lexicographic neighbours share
 * their leading blocks); OOS is the trial total minus IS. Nothing is allocated per split.
 * @throws RangeError when the shapes disagree, S is odd or < 2, a count is not a positive integer, or a sum is
 * not finite.
 */
export function probabilityOfBacktestOverfittingFromBlocks(input: BacktestOverfittingBlocksInput): BacktestOverfittingResult {
  const { blockSums, blockCounts, metric = 'sharpe' } = input;
  const partitions = blockCounts.length;
  checkOptions(partitions, metric);
  const trials = blockSums.length / partitions;
  if (!Number.isInteger(trials) || trials < 2) {
    throw new RangeError(`blockSums must hold S = ${partitions} values per trial for at least 2 trials, has ${blockSums.length}`);
  }
  const blockSquares = metric === 'sharpe' ? input.blockSquares : new Float64Array(blockSums.length);
  if (blockSquares?.length !== blockSums.length) {
    throw new RangeError(`metric 'sharpe' needs blockSquares with the same length as blockSums (${blockSums.length})`);
  }
  const counts = Array.from(blockCounts);
  const badCount = counts.findIndex((count) => !Number.isInteger(count) || count < 1);
  if (badCount >= 0) {
    throw new RangeError(`blockCounts[${badCount}] must be a positive integer number of bars, was ${counts[badCount]}`);
  }
  const badSum = blockSums.findIndex((sum, i) => !Number.isFinite(sum) || !Number.isFinite(blockSquares[i]));
  if (badSum >= 0) {
    throw new RangeError(`block sums of trial ${Math.floor(badSum / partitions)} block ${badSum % partitions} are not finite`);
  }
  return runSplits(blockSums, blockSquares, counts, metric === 'sharpe');
}
