/**
 * Ranking the trials of one CSCV split (see _cscv-splits.ts): the IS winner (highest IS metric, lowest index on
 * ties) and the OOS average rank of that winner, from each trial's IS sums and its totals (OOS = total - IS).
 *
 * `rankExactly` computes every trial's metric (a division and a square root each, twice per trial). `rankFast`
 * gives the same winner and rank from comparisons that need no division or square root: a Sharpe
 * mean / sqrt(deviations / (n - 1)) with n shared by every trial of the split orders like the key
 * sum x |sum| / deviations, and a / b against c / d compares as a x d against c x b. Where two keys come within
 * 1e-9 of each other (ties, near ties) the exact metrics decide, so the result is the exact one bit for bit; a
 * split with a near-constant trial (deviations below 1e-3 of the squares: rounding could reorder it) is handed
 * to `rankExactly`.
 */

// Sum of squares minus sum^2/n leaves a rounding residue when the returns never vary; below this share of the
// sum of squares the block set is taken as constant (Sharpe 0). Real per-bar Sharpes are far from |mean|/std = 1e5.
const VARIATION_TOLERANCE = 1e-10;
/** Keys closer than this (relative) are compared through the exact metric. */
const NEAR = 1e-9;
/** A trial whose deviations are below this share of its squares is too close to constant for the keys. */
const SAFE_VARIATION = 1e-3;

/** Mean, or Sharpe = mean / sample std from a sum and sum of squares; 0 when the returns never vary. */
export function metricOf(sum: number, squares: number, count: number, sharpe: boolean): number {
  const average = sum / count;
  if (!sharpe) return average;
  const deviations = squares - sum * average;
  if (!(deviations > VARIATION_TOLERANCE * squares)) return 0;
  return average / Math.sqrt(deviations / (count - 1));
}

/**
 * What a split's ranking reads: per trial its IS sums and totals, and the bar counts of the two halves. A trial's
 * IS sum is `inSums[offset + n] + lastSums[lastOffset + n]` (its first S/2 - 1 chosen blocks, then the last one):
 * the split loop's final addition, made where it is read instead of stored for every trial of every split.
 */
export interface SplitInput {
  inSums: Float64Array;
  inSquares: Float64Array;
  /** Offset of the split's partial IS sums in `inSums` / `inSquares` (one row of N trials). */
  offset: number;
  /** The last chosen block's sums and squares: one row of N trials at `lastOffset`. */
  lastSums: Float64Array;
  lastSquares: Float64Array;
  lastOffset: number;
  totalSums: Float64Array;
  totalSquares: Float64Array;
  inCount: number;
  outCount: number;
  sharpe: boolean;
  /** How many of the original trials each (distinct) trial stands for; trials are in order of first occurrence. */
  weights: Float64Array;
  /** Upper bound of each trial's IS key over every split (Infinity when unknown), see `inSampleKeyBounds`. */
  bounds: Float64Array;
  /** The trials by decreasing bound: the IS scan stops at the first that cannot beat the leader. */
  order: Int32Array;
}

/** The split's IS winner, its OOS average rank (1 = lowest) and both of its metrics. */
export interface SplitRanking {
  best: number;
  rank: number;
  inSample: number;
  outOfSample: number;
}

/** Every trial's metrics computed exactly: the reference the fast path must reproduce. */
export function rankExactly(input: SplitInput, into: SplitRanking): void {
  const { inSums, inSquares, offset, lastSums, lastSquares, lastOffset, totalSums, totalSquares, inCount, outCount, sharpe, weights } = input;
  const trials = totalSums.length;
  const inSum = (n: number) => inSums[offset + n] + lastSums[lastOffset + n];
  const inSquare = (n: number) => inSquares[offset + n] + lastSquares[lastOffset + n];
  let best = 0;
  let bestMetric = -Infinity;
  for (let n = 0; n < trials; n++) {
    const metric = metricOf(inSum(n), inSquare(n), inCount, sharpe);
    if (n === 0 || metric > bestMetric) (best = n), (bestMetric = metric);
  }
  const target = metricOf(totalSums[best] - inSum(best), totalSquares[best] - inSquare(best), outCount, sharpe);
  let below = 0;
  let equal = 0;
  for (let n = 0; n < trials; n++) {
    const metric = metricOf(totalSums[n] - inSum(n), totalSquares[n] - inSquare(n), outCount, sharpe);
    // Branch-free counting: whether a trial beats the winner OOS is close to a coin flip, so a branch mispredicts.
    below += weights[n] * +(metric < target);
    equal += weights[n] * +(metric === target);
  }
  into.best = best;
  into.rank = below + (equal + 1) / 2;
  into.inSample = bestMetric;
  into.outOfSample = target;
}

/**
 * Per trial, an upper bound of its IS key sum x |sum| / deviations over every choice of `half` of its blocks
 * (blocks of equal size `count`): the sum is at most S+ (its `half` largest block sums) and, by Cauchy-Schwarz,
 * the deviations at least W (the sum of its `half` smallest within-block deviations q_b - s_b^2 / count), so a
 * positive key is at most S+^2 / W. 0 when S+ <= 0 (the key is never positive), Infinity when W is 0.
 */
export function inSampleKeyBounds(blockSums: Float64Array, blockSquares: Float64Array, trials: number, partitions: number, count: number): Float64Array {
  const bounds = new Float64Array(trials);
  const sums = new Float64Array(partitions);
  const within = new Float64Array(partitions);
  const half = partitions / 2;
  for (let n = 0; n < trials; n++) {
    for (let b = 0; b < partitions; b++) {
      const sum = blockSums[b * trials + n];
      sums[b] = sum;
      within[b] = Math.max(0, blockSquares[b * trials + n] - (sum * sum) / count);
    }
    sums.sort();
    within.sort();
    let top = 0;
    let floor = 0;
    for (let j = 0; j < half; j++) {
      top += sums[partitions - 1 - j];
      floor += within[j];
    }
    // A relative margin over the rounding of these sums and of the keys they bound.
    bounds[n] = top <= 0 ? 0 : floor > 0 ? ((top * top) / floor) * (1 + 1e-6) : Infinity;
  }
  return bounds;
}

/** Scratch of the fast path's rank count: [below, equal]. */
const COUNTS = new Float64Array(2);

/**
 * The exact ranking without a division or square root per trial (Sharpe metric only); false when the split
 * needs `rankExactly` (metric 'mean', or a near-constant trial). A trial's key is sum x |sum| / deviations with
 * deviations = squares - sum^2 / n (0 / 1 for a trial without returns); keys a / b and c / d compare as
 * a x d - c x b against NEAR times the scale of both products. The IS scan visits trials by decreasing bound and
 * stops at the first whose bound is below the leader's key (no later trial can win).
 */
export function rankFast(input: SplitInput, into: SplitRanking): boolean {
  const { inSums, inSquares, offset, lastSums, lastSquares, lastOffset, inCount, sharpe, bounds, order } = input;
  if (!sharpe) return false;
  const trials = order.length;
  const inverseIn = 1 / inCount;
  // IS winner: the largest key; a near tie with the leader is settled by the exact metrics (lowest index wins ties).
  let best = -1;
  let bestSum = 0;
  let bestSquares = 0;
  let bestNumerator = 0;
  let bestDenominator = 1;
  let bestMetric = Number.NaN;
  for (let i = 0; i < trials; i++) {
    const n = order[i];
    // bound < leader's key (bestNumerator > 0 here): no trial from here on can reach it.
    if (bestNumerator > 0 && bounds[n] * bestDenominator < bestNumerator) break;
    const sum = inSums[offset + n] + lastSums[lastOffset + n];
    const squares = inSquares[offset + n] + lastSquares[lastOffset + n];
    let numerator = 0;
    let denominator = 1;
    if (squares !== 0) {
      denominator = squares - sum * sum * inverseIn;
      if (!(denominator > SAFE_VARIATION * squares)) return false;
      numerator = sum * Math.abs(sum);
    }
    if (best < 0) {
      best = n;
      bestSum = sum;
      bestSquares = squares;
      bestNumerator = numerator;
      bestDenominator = denominator;
      continue;
    }
    const left = numerator * bestDenominator;
    const right = bestNumerator * denominator;
    const difference = left - right;
    const near = NEAR * (Math.abs(left) + Math.abs(right));
    if (difference < -near) continue;
    if (difference <= near) {
      if (bestMetric !== bestMetric) bestMetric = metricOf(bestSum, bestSquares, inCount, true);
      const metric = metricOf(sum, squares, inCount, true);
      if (!(metric > bestMetric || (metric === bestMetric && n < best))) continue;
      bestMetric = metric;
    } else bestMetric = Number.NaN;
    best = n;
    bestSum = sum;
    bestSquares = squares;
    bestNumerator = numerator;
    bestDenominator = denominator;
  }
  if (bestMetric !== bestMetric) bestMetric = metricOf(bestSum, bestSquares, inCount, true);
  const outSum = input.totalSums[best] - bestSum;
  const outSquares = input.totalSquares[best] - bestSquares;
  if (!outOfSampleRank(input, outSum, outSquares)) return false;
  into.best = best;
  into.rank = COUNTS[0] + (COUNTS[1] + 1) / 2;
  into.inSample = bestMetric;
  into.outOfSample = metricOf(outSum, outSquares, input.outCount, true);
  return true;
}

/** OOS rank count of the winner (sums `targetSum`, `targetSquares`) into COUNTS; false on a near-constant trial. */
function outOfSampleRank(input: SplitInput, targetSum: number, targetSquares: number): boolean {
  const { inSums, inSquares, offset, lastSums, lastSquares, lastOffset, totalSums, totalSquares, outCount, weights } = input;
  const trials = totalSums.length;
  const inverseOut = 1 / outCount;
  const target = metricOf(targetSum, targetSquares, outCount, true);
  let targetNumerator = 0;
  let targetDenominator = 1;
  if (targetSquares !== 0) {
    targetDenominator = targetSquares - targetSum * targetSum * inverseOut;
    if (!(targetDenominator > SAFE_VARIATION * targetSquares)) return false;
    targetNumerator = targetSum * Math.abs(targetSum);
  }
  let below = 0;
  let equal = 0;
  for (let n = 0; n < trials; n++) {
    const sum = totalSums[n] - (inSums[offset + n] + lastSums[lastOffset + n]);
    const squares = totalSquares[n] - (inSquares[offset + n] + lastSquares[lastOffset + n]);
    let numerator = 0;
    let denominator = 1;
    if (squares !== 0) {
      denominator = squares - sum * sum * inverseOut;
      if (!(denominator > SAFE_VARIATION * squares)) return false;
      numerator = sum * Math.abs(sum);
    }
    const left = numerator * targetDenominator;
    const right = targetNumerator * denominator;
    const difference = left - right;
    const near = NEAR * (Math.abs(left) + Math.abs(right));
    // Branch-free: whether a trial beats the winner OOS is close to a coin flip, so a branch on it mispredicts.
    below += weights[n] * +(difference < -near);
    if (Math.abs(difference) <= near) {
      const metric = metricOf(sum, squares, outCount, true);
      below += weights[n] * +(metric < target);
      equal += weights[n] * +(metric === target);
    }
  }
  COUNTS[0] = below;
  COUNTS[1] = equal;
  return true;
}
