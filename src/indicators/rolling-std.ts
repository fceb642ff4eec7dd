import { forEachFiniteRun, leadingGapEnd } from './_finite-runs.js';
import { rollingMomentsRun } from './_rolling-moments.js';
import { assertOutputs, assertPeriod } from './_validate.js';

/**
 * Rolling population standard deviation: `sqrt(sum (src - mean)^2 / period)` over the last `period` values
 * (divides by `period`, not `period - 1`), like TA-Lib STDDEV with nbDev = 1.
 *
 * First value at index `period - 1`, NaN before. TA-Lib computes `E[x^2] - E[x]^2` from raw running sums; scalp uses
 * anchored sums (see `_rolling-moments.ts`), which agree with TA-Lib to its own rounding and stay exact on flat
 * windows. A non-finite input makes the output NaN there and restarts the warm-up.
 */
export function rollingStd(src: Float64Array, period: number, out: Float64Array = new Float64Array(src.length)): Float64Array {
  assertPeriod('rollingStd', 'period', period);
  assertOutputs('rollingStd', src.length, [src], [out]);
  const targets = { mean: null, deviation: out, upper: null, lower: null, mult: 0 };
  const start = leadingGapEnd([src], [out]);
  if (!rollingMomentsRun(src, start, src.length, period, targets)) {
    forEachFiniteRun([src], [out], (from, end) => rollingMomentsRun(src, from, end, period, targets));
  }
  return out;
}
