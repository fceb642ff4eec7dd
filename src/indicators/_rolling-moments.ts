/** Where `rollingMomentsRun` writes; any of them may be null. `upper`/`lower` = mean +- mult * sigma. */
export interface MomentOutputs {
  readonly mean: Float64Array | null;
  readonly deviation: Float64Array | null;
  readonly upper: Float64Array | null;
  readonly lower: Float64Array | null;
  readonly mult: number;
}

/**
 * Rolling mean and population standard deviation over [start, end), first value at `start + period - 1`. Returns
 * false when some input in the range was not finite (then the caller must redo the range run by run, see
 * `_finite-runs.ts`); true means the outputs are final.
 *
 * Sums are kept of `src - anchor`, where the anchor is a recent value of the window and is reset (with an exact
 * recomputation of both sums) every `period` bars. This keeps the one-pass variance `E[d^2] - E[d]^2` free of the
 * catastrophic cancellation that `E[x^2] - E[x]^2` suffers on prices far from 0 (BTC at 60 000 with sigma 5), and
 * stops rounding drift from accumulating over millions of bars; cost stays O(1) amortised per bar.
 * A window of identical values gives exactly mean = value and sigma = 0 once the anchor sits in it.
 */
export function rollingMomentsRun(src: Float64Array, start: number, end: number, period: number, out: MomentOutputs): boolean {
  const { mean, deviation, upper, lower, mult } = out;
  const first = start + period - 1;
  for (const output of [mean, deviation, upper, lower]) output?.fill(NaN, start, Math.min(first, end));
  let sumSquares = 0;
  // One block of `period` bars per anchor, so the per-bar loop has no re-anchoring branch. Every input enters the
  // sums, and a non-finite one keeps them non-finite until the next re-anchoring: checking there and at the end
  // tells the caller whether to redo the range run by run.
  for (let anchorBar = first; anchorBar < end; anchorBar += period) {
    if (!(sumSquares - sumSquares === 0)) return false;
    const anchor = src[anchorBar];
    let sum = 0;
    sumSquares = 0;
    for (let j = anchorBar - period + 1; j <= anchorBar; j++) {
      const d = src[j] - anchor;
      sum += d;
      sumSquares += d * d;
    }
    const blockEnd = Math.min(anchorBar + period, end);
    for (let i = anchorBar; ; ) {
      const meanOffset = sum / period;
      const variance = sumSquares / period - meanOffset * meanOffset;
      const sigma = variance > 0 ? Math.sqrt(variance) : 0;
      const center = anchor + meanOffset;
      if (mean !== null) mean[i] = center;
      if (deviation !== null) deviation[i] = sigma;
      if (upper !== null) upper[i] = center + mult * sigma;
      if (lower !== null) lower[i] = center - mult * sigma;
      if (++i >= blockEnd) break;
      const leaving = src[i - period] - anchor;
      const entering = src[i] - anchor;
      sum += entering - leaving;
      sumSquares += entering * entering - leaving * leaving;
    }
  }
  return sumSquares - sumSquares === 0;
}
