/**
 * CSCV probability of backtest overfitting of a set of trials (a candidate's combos, or a family's), from the
 * per-block sums research accumulated while it ran each combo on the OOS windows, summarised for the files: PBO,
 * probability of loss, the degradation line, a histogram of the logits and a sample of the degradation scatter.
 */
import type { OverfittingSummary } from './candidate-evidence.js';
import { unpackFloats } from '../core/index.js';
import { probabilityOfBacktestOverfittingFromBlocks } from './backtest-overfitting.js';

/** What a trial contributes: its per-block sums and sums of squares (`partitions` each). */
export interface TrialBlocks {
  blockSums: ArrayLike<number>;
  blockSquares: ArrayLike<number>;
}

/** Logit bins of the histogram: [-6, 6] in steps of 0.5, the outer bins catching the tails. */
const LOGIT_EDGES = Array.from({ length: 25 }, (_, i) => -6 + i * 0.5);
const MAX_SCATTER_POINTS = 250;

function histogram(logits: ArrayLike<number>): { edges: number[]; counts: number[] } {
  const counts = new Array<number>(LOGIT_EDGES.length - 1).fill(0);
  for (let i = 0; i < logits.length; i++) {
    const bin = Math.floor((logits[i] - LOGIT_EDGES[0]) / 0.5);
    counts[Math.min(counts.length - 1, Math.max(0, bin))]++;
  }
  return { edges: LOGIT_EDGES, counts };
}

/** 6 significant digits for the scatter (0 for a non-finite value, which JSON cannot hold). */
const rounded = (value: number): number => (Number.isFinite(value) ? Number(value.toPrecision(6)) : 0);

/** Every k-th (IS, OOS) point of the IS winners, at most MAX_SCATTER_POINTS. */
function scatterSample(is: ArrayLike<number>, oos: ArrayLike<number>): { is: number[]; oos: number[] } {
  const stride = Math.max(1, Math.ceil(is.length / MAX_SCATTER_POINTS));
  const sample = { is: [] as number[], oos: [] as number[] };
  for (let i = 0; i < is.length; i += stride) {
    sample.is.push(rounded(is[i]));
    sample.oos.push(rounded(oos[i]));
  }
  return sample;
}

/**
 * PBO of `trials` whose blocks hold `blockSize` OOS returns each; null with fewer than two trials or blocks of
 * fewer than two bars (CSCV needs a choice to make and data to split).
 */
export function overfittingOfTrials(trials: readonly TrialBlocks[], partitions: number, blockSize: number): OverfittingSummary | null {
  if (trials.length < 2 || blockSize < 2) return null;
  const blockSums = new Float64Array(trials.length * partitions);
  const blockSquares = new Float64Array(trials.length * partitions);
  trials.forEach((trial, t) => {
    blockSums.set(trial.blockSums, t * partitions);
    blockSquares.set(trial.blockSquares, t * partitions);
  });
  const result = probabilityOfBacktestOverfittingFromBlocks({
    blockSums, blockSquares, blockCounts: new Array<number>(partitions).fill(blockSize), metric: 'sharpe',
  });
  return {
    pbo: result.pbo, probabilityOfLoss: result.probabilityOfLoss, degradation: result.degradation,
    logitHistogram: histogram(result.logits),
    degradationPoints: scatterSample(result.inSampleOfBest, result.outOfSampleOfBest),
    splits: result.splits, trials: result.trials,
  };
}

/** The trials of packed row-major block arrays (`partitions` values per trial, see core/packed-floats.ts). */
export function trialsOfRows(packedSums: string, packedSquares: string, partitions: number): TrialBlocks[] {
  const sums = unpackFloats(packedSums);
  const squares = unpackFloats(packedSquares);
  const trials: TrialBlocks[] = [];
  for (let start = 0; start + partitions <= sums.length; start += partitions) {
    trials.push({ blockSums: sums.subarray(start, start + partitions), blockSquares: squares.subarray(start, start + partitions) });
  }
  return trials;
}
