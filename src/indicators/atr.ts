import { forEachFiniteRun, isUsable, leadingGapEnd } from './_finite-runs.js';
import { assertOutputs, assertPeriod, assertSameLength } from './_validate.js';

/**
 * Average true range (Wilder, 1978): Wilder's smoothing of the true range,
 * `atr[t] = (atr[t-1] * (period - 1) + tr[t]) / period`.
 *
 * TA-Lib convention (ATR): seeded with the SMA of the first `period` true ranges (indices 1..period, since index 0
 * has no true range), so the first value is at index `period`; NaN before. A non-finite input makes the output NaN
 * there and restarts the warm-up.
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  assertPeriod('atr', 'period', period);
  const length = assertSameLength('atr', [high, low, close]);
  assertOutputs('atr', length, [high, low, close], [out]);
  const start = leadingGapEnd([high, low, close], [out]);
  if (!atrRun(high, low, close, start, length, period, out)) {
    forEachFiniteRun([high, low, close], [out], (from, end) => atrRun(high, low, close, from, end, period, out));
  }
  return out;
}

/**
 * ATR over [start, end), as if the series began at `start`. Returns false when some input in the range was not
 * finite, in which case the caller must redo the range run by run: the true ranges read every high and low but the
 * first and every close but the last, and a NaN or infinite one poisons the average for good; those three values are
 * checked apart.
 */
export function atrRun(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  start: number,
  end: number,
  period: number,
  out: Float64Array,
): boolean {
  const first = start + period;
  if (first >= end) {
    out.fill(NaN, start, end);
    return true;
  }
  out[start] = NaN;
  // Math.max (not trueRangeAt's comparisons, which would skip a NaN close) so that a bad value poisons the sum.
  let sum = 0;
  for (let i = start + 1; i <= first; i++) {
    const h = high[i];
    const l = low[i];
    const previousClose = close[i - 1];
    sum += Math.max(h - l, Math.abs(h - previousClose), Math.abs(l - previousClose));
    if (i < first) out[i] = NaN;
  }
  let previous = sum / period;
  out[first] = previous;
  const keep = period - 1;
  let previousClose = close[first];
  for (let i = first + 1; i < end; i++) {
    // The true range written out (not via trueRangeAt): this loop is the hot one.
    const h = high[i];
    const l = low[i];
    const range = Math.max(h - l, Math.abs(h - previousClose), Math.abs(l - previousClose));
    previous = (previous * keep + range) / period;
    out[i] = previous;
    previousClose = close[i];
  }
  return isUsable(previous) && isUsable(high[start]) && isUsable(low[start]) && isUsable(close[end - 1]);
}
