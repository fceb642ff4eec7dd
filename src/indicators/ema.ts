import { forEachFiniteRun } from './_finite-runs.js';
import { assertOutputs, assertPeriod } from './_validate.js';

/**
 * Exponential moving average with `k = 2 / (period + 1)`: `ema[t] = ema[t-1] + k * (src[t] - ema[t-1])`.
 *
 * TA-Lib convention (EMA, default compatibility): seeded with the SMA of the first `period` values, so the first
 * value is at index `period - 1` and equals `sma[period - 1]`; NaN before. A non-finite input makes the output NaN
 * there and restarts the warm-up (see `_finite-runs.ts`).
 */
export function ema(src: Float64Array, period: number, out: Float64Array = new Float64Array(src.length)): Float64Array {
  assertPeriod('ema', 'period', period);
  assertOutputs('ema', src.length, [src], [out]);
  forEachFiniteRun([src], [out], (start, end) => emaRun(src, start, end, period, out));
  return out;
}

/** EMA over the finite run [start, end), seeded with the SMA of src[start .. start+period-1]. */
export function emaRun(src: Float64Array, start: number, end: number, period: number, out: Float64Array): void {
  const first = start + period - 1;
  if (first >= end) {
    out.fill(NaN, start, end);
    return;
  }
  let sum = 0;
  for (let i = start; i < first; i++) {
    sum += src[i];
    out[i] = NaN;
  }
  let previous = (sum + src[first]) / period;
  out[first] = previous;
  const k = 2 / (period + 1);
  for (let i = first + 1; i < end; i++) {
    previous = (src[i] - previous) * k + previous;
    out[i] = previous;
  }
}
