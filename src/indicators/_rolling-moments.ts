/** Where `rollingMomentsRun` writes; any of them may be null. `upper`/`lower` = mean +- mult * sigma. */
export interface MomentOutputs {
  readonly mean: Float64Array | null;
  readonly deviation: Float64Array | null;
  readonly upper: Float64Array | null;
  readonly lower: Float64Array | null;
  readonly mult: number;
}

/**
 * Rolling mean and population standard deviation over the finite run [start, end), first value at
 * `start + period - 1`.
 *
 * Sums are kept of `src - anchor`, where the anchor is a recent value of the window and is reset (with an exact
 * recomputation of both sums) every `period` bars. This keeps the one-pass variance `E[d^2] - E[d]^2` free of the
 * catastrophic cancellation that `E[x^2] - E[x]^2` suffers on prices far from 0 (BTC at 60 000 with sigma 5), and
 * stops rounding drift from accumulating over millions of bars; cost stays O(1) amortised per bar.
 * A window of identical values gives exactly mean = value and sigma = 0 once the anchor sits in it.
 */
export function rollingMomentsRun(src: Float64Array, start: number, end: number, period: number, out: MomentOutputs): void {
  const { mean, deviation, upper, lower, mult } = out;
  const first = Math.min(start + period - 1, end);
  for (const output of [mean, deviation, upper, lower]) output?.fill(NaN, start, first);
  let anchor = 0;
  let sum = 0;
  let sumSquares = 0;
  let barsSinceAnchor = period;
  for (let i = first; i < end; i++) {
    if (barsSinceAnchor >= period) {
      anchor = src[i];
      sum = 0;
      sumSquares = 0;
      for (let j = i - period + 1; j <= i; j++) {
        const d = src[j] - anchor;
        sum += d;
        sumSquares += d * d;
      }
      barsSinceAnchor = 0;
    } else {
      const leaving = src[i - period] - anchor;
      const entering = src[i] - anchor;
      sum += entering - leaving;
      sumSquares += entering * entering - leaving * leaving;
    }
    barsSinceAnchor++;
    const meanOffset = sum / period;
    const variance = sumSquares / period - meanOffset * meanOffset;
    const sigma = variance > 0 ? Math.sqrt(variance) : 0;
    const center = anchor + meanOffset;
    if (mean !== null) mean[i] = center;
    if (deviation !== null) deviation[i] = sigma;
    if (upper !== null) upper[i] = center + mult * sigma;
    if (lower !== null) lower[i] = center - mult * sigma;
  }
}
