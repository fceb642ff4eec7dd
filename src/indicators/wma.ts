import { forEachFiniteRun } from './_finite-runs.js';
import { assertOutputs, assertPeriod } from './_validate.js';

/**
 * Linearly weighted moving average: `wma[t] = sum_{j=1..period} j * src[t-period+j] / (period (period+1) / 2)`
 * (the newest value has weight `period`, the oldest weight 1).
 *
 * TA-Lib convention (WMA): first value at index `period - 1`, NaN before. O(1) per bar: the weighted sum drops the
 * plain window sum and gains `period * src[t]` at each step. A non-finite input makes the output NaN there and
 * restarts the warm-up.
 */
export function wma(src: Float64Array, period: number, out: Float64Array = new Float64Array(src.length)): Float64Array {
  assertPeriod('wma', 'period', period);
  assertOutputs('wma', src.length, [src], [out]);
  forEachFiniteRun([src], [out], (start, end) => wmaRun(src, start, end, period, out));
  return out;
}

function wmaRun(src: Float64Array, start: number, end: number, period: number, out: Float64Array): void {
  const first = start + period - 1;
  if (first >= end) {
    out.fill(NaN, start, end);
    return;
  }
  const divider = (period * (period + 1)) / 2;
  let windowSum = 0;
  let weightedSum = 0;
  for (let i = start; i < first; i++) {
    windowSum += src[i];
    weightedSum += src[i] * (i - start + 1);
    out[i] = NaN;
  }
  for (let i = first; i < end; i++) {
    const value = src[i];
    windowSum += value;
    weightedSum += value * period;
    out[i] = weightedSum / divider;
    weightedSum -= windowSum;
    windowSum -= src[i - period + 1];
  }
}
