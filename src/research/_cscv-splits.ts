/**
 * The split loop of CSCV (see backtest-overfitting.ts): for every choice of S/2 of the S blocks as in-sample, the
 * IS-best trial, its OOS average rank and logit, from per-block sums only. Lexicographic neighbours share their
 * leading blocks, so partial sums are cached by level and a split re-adds only what changed; the last chosen
 * block (the one that changes at nearly every split) is added where the ranking reads a trial, not stored. Each
 * split's trials are ranked by _cscv-split-ranking.ts (`exactly` forces the per-trial metric path, the fast
 * path's reference).
 */
import { inSampleKeyBounds, rankExactly, rankFast, type SplitInput, type SplitRanking } from './_cscv-split-ranking.js';

export interface BacktestOverfittingResult {
  /** Share of splits whose logit is <= 0, in [0, 1]. */
  pbo: number;
  /** One logit per split, splits in lexicographic order of their IS block indices ({0..S/2-1} first). */
  logits: Float64Array;
  /** Least squares of the IS winner's OOS metric on its IS metric; NaN when the IS metric never varies. */
  degradation: { slope: number; intercept: number };
  /** Share of splits where the IS winner's OOS metric is below 0. */
  probabilityOfLoss: number;
  /** Per split (same order as `logits`): the IS winner's IS metric and its OOS metric, the degradation scatter. */
  inSampleOfBest: Float64Array;
  outOfSampleOfBest: Float64Array;
  splits: number;
  trials: number;
  /** Bars used (T minus the T mod S leading bars dropped). */
  observations: number;
}

/** Everything the split loop reads or overwrites, allocated once. Block arrays hold one row of N trials per block. */
interface SplitWorkspace {
  blockSums: Float64Array;
  blockSquares: Float64Array;
  counts: number[];
  sharpe: boolean;
  /** Each trial's sum and sum of squares over all blocks: OOS = total - IS. */
  totalSums: Float64Array;
  totalSquares: Float64Array;
  observations: number;
  /**
   * Level d (a row of N) adds the blocks chosen[0..d-1] in order, so a split re-adds only what changed; levels
   * 0..S/2 - 1 are kept (the ranking adds the last chosen block).
   */
  levelSums: Float64Array;
  levelSquares: Float64Array;
  /** Trials with identical block sums count once, with their number of copies as weight (first copy's order). */
  weights: Float64Array;
  bounds: Float64Array;
  order: Int32Array;
}

/** The distinct trials (identical block sums and squares, bit for bit), in order of first occurrence, and their counts. */
function distinctTrials(sums: Float64Array, squares: Float64Array, partitions: number): { first: number[]; weights: number[] } {
  const trials = sums.length / partitions;
  const words = (values: Float64Array, n: number) => Array.from(new Uint32Array(values.buffer, values.byteOffset + n * partitions * 8, partitions * 2)).join(',');
  const seen = new Map<string, number>();
  const first: number[] = [];
  const weights: number[] = [];
  for (let n = 0; n < trials; n++) {
    const key = `${words(sums, n)}|${words(squares, n)}`;
    const index = seen.get(key);
    if (index !== undefined) weights[index]++;
    else {
      seen.set(key, first.length);
      first.push(n);
      weights.push(1);
    }
  }
  return { first, weights };
}

function createWorkspace(sums: Float64Array, squares: Float64Array, counts: number[], sharpe: boolean): SplitWorkspace {
  const partitions = counts.length;
  // Copies rank exactly like their first copy (ties go to the lowest index: the first), so each is scored once.
  const { first, weights } = distinctTrials(sums, squares, partitions);
  const trials = first.length;
  const [blockSums, blockSquares] = [new Float64Array(trials * partitions), new Float64Array(trials * partitions)];
  const [totalSums, totalSquares] = [new Float64Array(trials), new Float64Array(trials)];
  for (let block = 0; block < partitions; block++) {
    for (let n = 0; n < trials; n++) {
      totalSums[n] += blockSums[block * trials + n] = sums[first[n] * partitions + block];
      totalSquares[n] += blockSquares[block * trials + n] = squares[first[n] * partitions + block];
    }
  }
  const equalBlocks = counts.every((count) => count === counts[0]);
  const bounds = equalBlocks ? inSampleKeyBounds(blockSums, blockSquares, trials, partitions, counts[0]) : new Float64Array(trials).fill(Infinity);
  const order = Int32Array.from({ length: trials }, (_, n) => n).sort((a, b) => bounds[b] - bounds[a] || a - b);
  const levelLength = (partitions / 2) * trials;
  return {
    blockSums,
    blockSquares,
    counts,
    sharpe,
    totalSums,
    totalSquares,
    observations: counts.reduce((a, b) => a + b, 0),
    levelSums: new Float64Array(levelLength),
    levelSquares: new Float64Array(levelLength),
    weights: Float64Array.from(weights),
    bounds,
    order,
  };
}

/** The split loop: IS winner (lowest index on ties), its OOS average rank and logit. */
export function runSplits(sums: Float64Array, squares: Float64Array, counts: number[], sharpe: boolean, exactly = false): BacktestOverfittingResult {
  const work = createWorkspace(sums, squares, counts, sharpe);
  const trials = sums.length / counts.length;
  const distinct = work.totalSums.length;
  const splits = binomial(counts.length, counts.length / 2);
  const [logits, inSampleOfBest, outOfSampleOfBest] = [0, 1, 2].map(() => new Float64Array(splits));
  const chosen = Int32Array.from({ length: counts.length / 2 }, (_, j) => j);
  const last = chosen.length - 1;
  const input: SplitInput = {
    inSums: work.levelSums, inSquares: work.levelSquares, offset: last * distinct, lastSums: work.blockSums, lastSquares: work.blockSquares, lastOffset: 0,
    totalSums: work.totalSums, totalSquares: work.totalSquares, inCount: 0, outCount: 0, sharpe, weights: work.weights, bounds: work.bounds, order: work.order,
  };
  const ranking: SplitRanking = { best: 0, rank: 0, inSample: 0, outOfSample: 0 };
  let [overfit, losses, changed] = [0, 0, 0];
  for (let split = 0; split < splits; split++) {
    addChosenBlocks(work, chosen, changed);
    input.lastOffset = chosen[last] * distinct;
    let inCount = 0;
    for (let j = 0; j < chosen.length; j++) inCount += counts[chosen[j]];
    input.inCount = inCount;
    input.outCount = work.observations - inCount;
    if (exactly || !rankFast(input, ranking)) rankExactly(input, ranking);
    const rank = ranking.rank;
    logits[split] = Math.log(rank / (trials + 1 - rank));
    inSampleOfBest[split] = ranking.inSample;
    outOfSampleOfBest[split] = ranking.outOfSample;
    if (logits[split] <= 0) overfit++;
    if (ranking.outOfSample < 0) losses++;
    changed = nextCombination(chosen, counts.length);
  }
  return {
    pbo: overfit / splits,
    logits,
    degradation: leastSquares(inSampleOfBest, outOfSampleOfBest),
    probabilityOfLoss: losses / splits,
    inSampleOfBest,
    outOfSampleOfBest,
    splits,
    trials,
    observations: work.observations,
  };
}

/**
 * Every trial's partial IS sums for one split: its first S/2 - 1 chosen block sums added in order. Levels before
 * `changed` still hold the sums of the unchanged leading blocks, and in lexicographic order that is nearly all of
 * them: most splits change only the last block, which the ranking adds, so they cost no row of additions here.
 */
function addChosenBlocks(work: SplitWorkspace, chosen: Int32Array, changed: number): void {
  const { blockSums, blockSquares, levelSums, levelSquares } = work;
  const trials = work.totalSums.length;
  for (let level = changed; level < chosen.length - 1; level++) {
    for (let n = 0, from = level * trials, block = chosen[level] * trials; n < trials; n++) {
      levelSums[from + trials + n] = levelSums[from + n] + blockSums[block + n];
      levelSquares[from + trials + n] = levelSquares[from + n] + blockSquares[block + n];
    }
  }
}

/** Moves `chosen` (increasing block indices) to the next subset in lexicographic order; returns the first changed slot. */
function nextCombination(chosen: Int32Array, partitions: number): number {
  const k = chosen.length;
  let j = k - 1;
  while (j >= 0 && chosen[j] === partitions - k + j) j--;
  if (j < 0) return 0;
  chosen[j]++;
  for (let i = j + 1; i < k; i++) chosen[i] = chosen[i - 1] + 1;
  return j;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

/** Ordinary least squares y = slope x + intercept; NaN for both when x never varies. */
function leastSquares(x: Float64Array, y: Float64Array): { slope: number; intercept: number } {
  const meanX = x.reduce((a, b) => a + b, 0) / x.length;
  const meanY = y.reduce((a, b) => a + b, 0) / y.length;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    sxx += (x[i] - meanX) ** 2;
    sxy += (x[i] - meanX) * (y[i] - meanY);
  }
  if (x.every((value) => value === x[0])) return { slope: Number.NaN, intercept: Number.NaN };
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}
