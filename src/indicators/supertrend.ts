import { forEachFiniteRun } from './_finite-runs.js';
import { atrRun } from './atr.js';
import { assertFiniteNumber, assertOutputs, assertPeriod, assertSameLength } from './_validate.js';

export interface Supertrend {
  /** The trailing stop line: the final lower band in an uptrend, the final upper band in a downtrend. */
  readonly line: Float64Array;
  /** +1 uptrend, -1 downtrend, NaN during warm-up. */
  readonly direction: Float64Array;
}

/**
 * SuperTrend (Olivier Seban), with the same rules as TradingView's `ta.supertrend`:
 * - basic bands: `hl2 +- mult * ATR(period)` (Wilder ATR, `hl2 = (high + low) / 2`);
 * - ratchet: the final upper band only moves down (it takes the basic band when that is lower, or when the previous
 *   close broke above the previous final upper band); the final lower band only moves up, symmetrically;
 * - direction: the first warm bar starts as a downtrend (-1); in a downtrend it turns +1 when the close rises above
 *   the final upper band, in an uptrend it turns -1 when the close falls below the final lower band.
 *
 * First value at index `period` (the first ATR), NaN before. Uses only bars <= t. A non-finite input makes the
 * outputs NaN there and restarts the warm-up (direction starts again at -1).
 */
export function supertrend(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  mult: number,
  out: Supertrend = { line: new Float64Array(close.length), direction: new Float64Array(close.length) },
): Supertrend {
  assertPeriod('supertrend', 'period', period);
  assertFiniteNumber('supertrend', 'mult', mult);
  const length = assertSameLength('supertrend', [high, low, close]);
  const { line, direction } = out;
  assertOutputs('supertrend', length, [high, low, close], [line, direction]);
  forEachFiniteRun([high, low, close], [line, direction], (start, end) => {
    // `line` holds the ATR until each bar's value is replaced by the trailing line.
    atrRun(high, low, close, start, end, period, line);
    const first = Math.min(start + period, end);
    direction.fill(NaN, start, first);
    let upper = 0;
    let lower = 0;
    let trend = -1;
    for (let i = first; i < end; i++) {
      const middle = (high[i] + low[i]) / 2;
      const width = mult * line[i];
      const basicUpper = middle + width;
      const basicLower = middle - width;
      if (i === first) {
        upper = basicUpper;
        lower = basicLower;
      } else {
        const previousClose = close[i - 1];
        if (basicUpper < upper || previousClose > upper) upper = basicUpper;
        if (basicLower > lower || previousClose < lower) lower = basicLower;
        if (trend < 0 && close[i] > upper) trend = 1;
        else if (trend > 0 && close[i] < lower) trend = -1;
      }
      direction[i] = trend;
      line[i] = trend > 0 ? lower : upper;
    }
  });
  return out;
}
