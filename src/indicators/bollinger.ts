import { forEachFiniteRun } from './_finite-runs.js';
import { rollingMomentsRun } from './_rolling-moments.js';
import { assertFiniteNumber, assertOutputs, assertPeriod } from './_validate.js';

export interface BollingerBands {
  readonly upper: Float64Array;
  readonly middle: Float64Array;
  readonly lower: Float64Array;
}

/**
 * Bollinger Bands (Bollinger, 1980s): `middle = SMA(close, period)`, `upper/lower = middle +- mult * sigma`, with
 * sigma the population standard deviation of the same window (like TA-Lib BBANDS with MA type SMA and
 * nbDevUp = nbDevDn = mult).
 *
 * All three bands start at index `period - 1`, NaN before. A non-finite input makes the bands NaN there and
 * restarts the warm-up.
 */
export function bollinger(
  close: Float64Array,
  period: number,
  mult: number,
  out: BollingerBands = allocateBands(close.length),
): BollingerBands {
  assertPeriod('bollinger', 'period', period);
  assertFiniteNumber('bollinger', 'mult', mult);
  const { upper, middle, lower } = out;
  assertOutputs('bollinger', close.length, [close], [upper, middle, lower]);
  const targets = { mean: middle, deviation: null, upper, lower, mult };
  forEachFiniteRun([close], [upper, middle, lower], (start, end) => rollingMomentsRun(close, start, end, period, targets));
  return out;
}

function allocateBands(length: number): BollingerBands {
  return { upper: new Float64Array(length), middle: new Float64Array(length), lower: new Float64Array(length) };
}
