import { forEachFiniteRun } from './_finite-runs.js';
import { assertOutputs, assertSameLength } from './_validate.js';

/**
 * True range (Wilder, 1978): `max(high - low, |high - previousClose|, |low - previousClose|)`.
 *
 * TA-Lib convention (TRANGE): the first bar has no previous close, so index 0 is NaN and the first value is at
 * index 1. A non-finite high, low or close makes the output NaN there and on the next bar (which has no usable
 * previous close).
 */
export function trueRange(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const length = assertSameLength('trueRange', [high, low, close]);
  assertOutputs('trueRange', length, [high, low, close], [out]);
  forEachFiniteRun([high, low, close], [out], (start, end) => {
    out[start] = NaN;
    for (let i = start + 1; i < end; i++) out[i] = trueRangeAt(high, low, close, i);
  });
  return out;
}

/** True range of bar `i` (needs bar `i - 1`). */
export function trueRangeAt(high: Float64Array, low: Float64Array, close: Float64Array, i: number): number {
  const previousClose = close[i - 1];
  const h = high[i];
  const l = low[i];
  let range = h - l;
  const upGap = Math.abs(h - previousClose);
  if (upGap > range) range = upGap;
  const downGap = Math.abs(l - previousClose);
  if (downGap > range) range = downGap;
  return range;
}
