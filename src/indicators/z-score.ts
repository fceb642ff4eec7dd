import { forEachFiniteRun } from './_finite-runs.js';
import { rollingMomentsRun } from './_rolling-moments.js';
import { assertOutputs, assertPeriod } from './_validate.js';

/** Below this sigma / |mean| a window is treated as flat (every value equal up to rounding). */
const FLAT_WINDOW_RATIO = 1e-12;

/**
 * Rolling z-score: `(src[t] - mean) / sigma` over the last `period` values (mean = SMA, sigma = population standard
 * deviation, as in `rollingStd`). No TA-Lib equivalent.
 *
 * First value at index `period - 1`, NaN before. On a flat window (sigma = 0, or below 1e-12 x |mean| from
 * rounding) the value equals the mean, so the z-score is 0 rather than 0/0. A non-finite input makes the output
 * NaN there and restarts the warm-up.
 */
export function zScore(src: Float64Array, period: number, out: Float64Array = new Float64Array(src.length)): Float64Array {
  assertPeriod('zScore', 'period', period);
  assertOutputs('zScore', src.length, [src], [out]);
  // Scratch for sigma, allocated once per call; `out` holds the mean until it is turned into the z-score.
  const deviation = new Float64Array(src.length);
  const targets = { mean: out, deviation, upper: null, lower: null, mult: 0 };
  forEachFiniteRun([src], [out], (start, end) => {
    rollingMomentsRun(src, start, end, period, targets);
    for (let i = start + period - 1; i < end; i++) {
      const mean = out[i];
      const sigma = deviation[i];
      out[i] = sigma <= FLAT_WINDOW_RATIO * Math.abs(mean) ? 0 : (src[i] - mean) / sigma;
    }
  });
  return out;
}
