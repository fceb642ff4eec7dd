import { forEachFiniteRun, leadingGapEnd } from './_finite-runs.js';
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
  const start = leadingGapEnd([src], [out]);
  if (!emaRun(src, start, src.length, period, out)) forEachFiniteRun([src], [out], (from, end) => emaRun(src, from, end, period, out));
  return out;
}

/**
 * EMA over [start, end), seeded with the SMA of src[start .. start+period-1]. Returns false when some input in the
 * range was not finite (the average stays NaN or infinite from then on), in which case the caller must redo the
 * range run by run; true means the output is final.
 */
export function emaRun(src: Float64Array, start: number, end: number, period: number, out: Float64Array): boolean {
  const first = start + period - 1;
  if (first >= end) {
    out.fill(NaN, start, end);
    return true;
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
  return previous - previous === 0;
}
