import { forEachFiniteRun } from './_finite-runs.js';
import { atrRun } from './atr.js';
import { emaRun } from './ema.js';
import { assertFiniteNumber, assertOutputs, assertPeriod, assertSameLength } from './_validate.js';

export interface KeltnerChannel {
  readonly upper: Float64Array;
  readonly middle: Float64Array;
  readonly lower: Float64Array;
}

/**
 * Keltner channel, modern form (Raschke): `middle = EMA(close, period)`, `upper/lower = middle +- mult * ATR(period)`
 * with Wilder's ATR. Both use the same `period`. No TA-Lib equivalent.
 *
 * `middle` is exactly `ema(close, period)` (first value at `period - 1`); `upper` and `lower` also need the ATR, so
 * they start at index `period`. A non-finite input makes the outputs NaN there and restarts the warm-up.
 */
export function keltner(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  mult: number,
  out: KeltnerChannel = allocateChannel(close.length),
): KeltnerChannel {
  assertPeriod('keltner', 'period', period);
  assertFiniteNumber('keltner', 'mult', mult);
  const length = assertSameLength('keltner', [high, low, close]);
  const { upper, middle, lower } = out;
  assertOutputs('keltner', length, [high, low, close], [upper, middle, lower]);
  forEachFiniteRun([high, low, close], [upper, middle, lower], (start, end) => {
    emaRun(close, start, end, period, middle);
    // `lower` holds the ATR until it is turned into the lower band.
    atrRun(high, low, close, start, end, period, lower);
    for (let i = start; i < end; i++) {
      const width = mult * lower[i];
      upper[i] = middle[i] + width;
      lower[i] = middle[i] - width;
    }
  });
  return out;
}

function allocateChannel(length: number): KeltnerChannel {
  return { upper: new Float64Array(length), middle: new Float64Array(length), lower: new Float64Array(length) };
}
