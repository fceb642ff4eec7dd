import { forEachFiniteRun, leadingGapEnd } from './_finite-runs.js';
import { assertOutputs, assertPeriod } from './_validate.js';

/**
 * Simple moving average: `sma[t] = (src[t-period+1] + ... + src[t]) / period`.
 *
 * TA-Lib convention (SMA): first value at index `period - 1`, NaN before. Computed with a running window sum
 * (one add and one subtract per bar). A non-finite input makes the output NaN there and restarts the warm-up
 * (see `_finite-runs.ts`).
 */
export function sma(src: Float64Array, period: number, out: Float64Array = new Float64Array(src.length)): Float64Array {
  assertPeriod('sma', 'period', period);
  assertOutputs('sma', src.length, [src], [out]);
  const start = leadingGapEnd([src], [out]);
  if (!smaRun(src, start, src.length, period, out)) forEachFiniteRun([src], [out], (from, end) => smaRun(src, from, end, period, out));
  return out;
}

/**
 * SMA over [start, end), as if the series began at `start`. Returns false when some input in the range was not
 * finite (the running sum stays NaN or infinite once such a value entered it), in which case the caller must redo
 * the range run by run; true means the output is final.
 */
export function smaRun(src: Float64Array, start: number, end: number, period: number, out: Float64Array): boolean {
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
  for (let i = first; i < end; i++) {
    sum += src[i];
    out[i] = sum / period;
    sum -= src[i - period + 1];
  }
  return sum - sum === 0;
}
