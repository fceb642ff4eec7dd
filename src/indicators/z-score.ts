import { forEachFiniteRun, leadingGapEnd } from './_finite-runs.js';
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
  const start = leadingGapEnd([src], [out]);
  if (rollingMomentsRun(src, start, src.length, period, targets)) scoreRun(src, start, src.length, period, deviation, out);
  else {
    forEachFiniteRun([src], [out], (from, end) => {
      rollingMomentsRun(src, from, end, period, targets);
      scoreRun(src, from, end, period, deviation, out);
    });
  }
  return out;
}

/** Turns the means in `out` into z-scores over the warm bars of [start, end). */
function scoreRun(src: Float64Array, start: number, end: number, period: number, deviation: Float64Array, out: Float64Array): void {
  for (let i = start + period - 1; i < end; i++) {
    const mean = out[i];
    const sigma = deviation[i];
    out[i] = sigma <= FLAT_WINDOW_RATIO * Math.abs(mean) ? 0 : (src[i] - mean) / sigma;
  }
}
