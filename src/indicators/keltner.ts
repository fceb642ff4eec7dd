import { forEachFiniteRun, leadingGapEnd } from './_finite-runs.js';
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
  const outputs = [upper, middle, lower];
  const start = leadingGapEnd([high, low, close], outputs);
  if (!keltnerRun(high, low, close, start, length, period, mult, out)) {
    forEachFiniteRun([high, low, close], outputs, (from, end) => keltnerRun(high, low, close, from, end, period, mult, out));
  }
  return out;
}

/**
 * The channel over [start, end), as if the series began at `start`. Returns false when some input in the range was
 * not finite (the EMA and the ATR report what they read), so the caller must redo the range run by run.
 */
function keltnerRun(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  start: number,
  end: number,
  period: number,
  mult: number,
  out: KeltnerChannel,
): boolean {
  const { upper, middle, lower } = out;
  const averageFinite = emaRun(close, start, end, period, middle);
  // `lower` holds the ATR until it is turned into the lower band.
  const rangeFinite = atrRun(high, low, close, start, end, period, lower);
  for (let i = start; i < end; i++) {
    const width = mult * lower[i];
    upper[i] = middle[i] + width;
    lower[i] = middle[i] - width;
  }
  // Too short for an ATR value, the ATR checked nothing, yet `middle` may hold an EMA value: let the splitter decide.
  return averageFinite && rangeFinite && start + period < end;
}

function allocateChannel(length: number): KeltnerChannel {
  return { upper: new Float64Array(length), middle: new Float64Array(length), lower: new Float64Array(length) };
}
