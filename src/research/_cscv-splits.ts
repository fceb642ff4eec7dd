/**
 * The split loop of CSCV (see backtest-overfitting.ts): for every choice of S/2 of the S blocks as in-sample, the
 * IS-best trial, its OOS average rank and logit, from per-block sums only. Lexicographic neighbours share their
 * leading blocks, so partial sums are cached by level and a split re-adds only what changed.
 */

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

// Sum of squares minus sum^2/n leaves a rounding residue when the returns never vary; below this share of the
// sum of squares the block set is taken as constant (Sharpe 0). Real per-bar Sharpes are far from |mean|/std = 1e5.
const VARIATION_TOLERANCE = 1e-10;

/** Mean, or Sharpe = mean / sample std from a sum and sum of squares; 0 when the returns never vary. */
function metricOf(sum: number, squares: number, count: number, sharpe: boolean): number {
  const average = sum / count;
  if (!sharpe) return average;
  const deviations = squares - sum * average;
  if (!(deviations > VARIATION_TOLERANCE * squares)) return 0;
  return average / Math.sqrt(deviations / (count - 1));
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
  /** Level d (a row of N) adds the blocks chosen[0..d-1] in order, so a split re-adds only what changed. */
  levelSums: Float64Array;
  levelSquares: Float64Array;
  inSample: Float64Array;
  outOfSample: Float64Array;
}

function createWorkspace(sums: Float64Array, squares: Float64Array, counts: number[], sharpe: boolean): SplitWorkspace {
  const partitions = counts.length;
  const trials = sums.length / partitions;
  const [blockSums, blockSquares] = [new Float64Array(sums.length), new Float64Array(sums.length)];
  const [totalSums, totalSquares] = [new Float64Array(trials), new Float64Array(trials)];
  for (let block = 0; block < partitions; block++) {
    for (let n = 0; n < trials; n++) {
      totalSums[n] += blockSums[block * trials + n] = sums[n * partitions + block];
      totalSquares[n] += blockSquares[block * trials + n] = squares[n * partitions + block];
    }
  }
  const levelLength = (partitions / 2 + 1) * trials;
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
    inSample: new Float64Array(trials),
    outOfSample: new Float64Array(trials),
  };
}

/** The split loop: IS winner (lowest index on ties), its OOS average rank and logit. */
export function runSplits(sums: Float64Array, squares: Float64Array, counts: number[], sharpe: boolean): BacktestOverfittingResult {
  const work = createWorkspace(sums, squares, counts, sharpe);
  const { inSample, outOfSample, observations } = work;
  const trials = inSample.length;
  const splits = binomial(counts.length, counts.length / 2);
  const [logits, inSampleOfBest, outOfSampleOfBest] = [0, 1, 2].map(() => new Float64Array(splits));
  const chosen = Int32Array.from({ length: counts.length / 2 }, (_, j) => j);
  let [overfit, losses, changed] = [0, 0, 0];
  for (let split = 0; split < splits; split++) {
    scoreTrials(work, chosen, changed);
    const best = indexOfMaximum(inSample);
    const rank = averageRank(outOfSample, best);
    logits[split] = Math.log(rank / (trials + 1 - rank));
    inSampleOfBest[split] = inSample[best];
    outOfSampleOfBest[split] = outOfSample[best];
    if (logits[split] <= 0) overfit++;
    if (outOfSample[best] < 0) losses++;
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
    observations,
  };
}

/**
 * Every trial's IS metric (its chosen block sums added in order) and OOS metric (total minus IS) for one split.
 * Levels before `changed` still hold the sums of the unchanged leading blocks, and in lexicographic order that is
 * nearly all of them, so a split usually costs one row of additions instead of S/2.
 */
function scoreTrials(work: SplitWorkspace, chosen: Int32Array, changed: number): void {
  const { blockSums, blockSquares, levelSums, levelSquares, counts, sharpe, totalSums, totalSquares } = work;
  const { inSample, outOfSample } = work;
  const trials = inSample.length;
  for (let level = changed; level < chosen.length; level++) {
    for (let n = 0, from = level * trials, block = chosen[level] * trials; n < trials; n++) {
      levelSums[from + trials + n] = levelSums[from + n] + blockSums[block + n];
      levelSquares[from + trials + n] = levelSquares[from + n] + blockSquares[block + n];
    }
  }
  let inCount = 0;
  for (let j = 0; j < chosen.length; j++) inCount += counts[chosen[j]];
  const outCount = work.observations - inCount;
  for (let n = 0, last = chosen.length * trials; n < trials; n++) {
    const s = levelSums[last + n];
    const q = levelSquares[last + n];
    inSample[n] = metricOf(s, q, inCount, sharpe);
    outOfSample[n] = metricOf(totalSums[n] - s, totalSquares[n] - q, outCount, sharpe);
  }
}

/** First index of the largest value, so ties go to the lowest trial index. */
function indexOfMaximum(values: Float64Array): number {
  let best = 0;
  for (let n = 1; n < values.length; n++) if (values[n] > values[best]) best = n;
  return best;
}

/** Rank of values[index] among all values, 1 = lowest; ties get the average of the ranks they span. */
function averageRank(values: Float64Array, index: number): number {
  let below = 0;
  let equal = 0;
  const target = values[index];
  // Branch-free counting: whether a trial beats the winner OOS is close to a coin flip, so a branch mispredicts.
  for (let n = 0; n < values.length; n++) {
    below += +(values[n] < target);
    equal += +(values[n] === target);
  }
  return below + (equal + 1) / 2;
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
