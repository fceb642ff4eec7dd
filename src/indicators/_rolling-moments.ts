/**
 * Rolling mean and population standard deviation over the finite run [start, end).
 *
 * Sums are kept of `src - anchor`, where the anchor is a recent value of the window and is reset (with an exact
 * recomputation of both sums) every `period` bars. This keeps the one-pass variance `E[d^2] - E[d]^2` free of the
 * catastrophic cancellation that `E[x^2] - E[x]^2` suffers on prices far from 0 (BTC at 60 000 with sigma 5), and
 * stops rounding drift from accumulating over millions of bars; cost stays O(1) amortised per bar.
 * A window of identical values gives exactly mean = value and sigma = 0 once the anchor sits in it.
 */
export function rollingMomentsRun(
  src: Float64Array,
  start: number,
  end: number,
  period: number,
  meanOut: Float64Array | null,
  deviationOut: Float64Array,
): void {
  const first = start + period - 1;
  if (first >= end) {
    deviationOut.fill(NaN, start, end);
    meanOut?.fill(NaN, start, end);
    return;
  }
  deviationOut.fill(NaN, start, first);
  meanOut?.fill(NaN, start, first);
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
    deviationOut[i] = variance > 0 ? Math.sqrt(variance) : 0;
    if (meanOut !== null) meanOut[i] = anchor + meanOffset;
  }
}
