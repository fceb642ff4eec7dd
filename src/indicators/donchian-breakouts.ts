import { isUsable } from './_finite-runs.js';
import { assertPeriod, assertSameLength } from './_validate.js';

/** Bits of a `donchianBreakouts` byte. */
export const BREAKOUT = { up: 1, down: 2 } as const;

/**
 * Where the close breaks out of the previous bar's Donchian channel: bit `BREAKOUT.up` of `out[t]` is set when
 * `close[t] > upper[t - 1]`, bit `BREAKOUT.down` when `close[t] < lower[t - 1]` (channel of `period` bars, see
 * donchian.ts). 0 where the previous channel is undefined (warm-up, gaps) and at t = 0.
 *
 * One byte per bar instead of the channel's three float arrays: a breakout grid reads 2 bytes per bar per combo
 * instead of 40, and a pool shares 1 MB per period and million bars instead of 24. Every period is a threshold
 * on the same two run lengths (`breakoutRuns`): the indicator cache computes those once per candles, so a
 * period then costs one byte pass (`breakoutsFromRuns`).
 */
export function donchianBreakouts(high: Float64Array, low: Float64Array, close: Float64Array, period: number, out = new Uint8Array(close.length)): Uint8Array {
  assertPeriod('donchianBreakouts', 'period', period); // before the runs: a bad period fails at once
  return breakoutsFromRuns(breakoutRuns(high, low, close), period, out);
}

/** The `donchianBreakouts` bytes of one period from the run lengths of the candles. */
export function breakoutsFromRuns({ above, below }: BreakoutRuns, period: number, out = new Uint8Array(above.length)): Uint8Array {
  assertPeriod('donchianBreakouts', 'period', period);
  if (out.length !== above.length) throw new RangeError(`donchianBreakouts: out has ${out.length} bars, the inputs ${above.length}`);
  for (let t = 0; t < above.length; t++) out[t] = (Number(above[t] >= period) * BREAKOUT.up) | (Number(below[t] >= period) * BREAKOUT.down);
  return out;
}

export interface BreakoutRuns {
  /** Bars right before t (each with finite high and low) whose highs are all below close[t]. */
  readonly above: Int32Array;
  /** Bars right before t (each with finite high and low) whose lows are all above close[t]. */
  readonly below: Int32Array;
}

/**
 * `close[t] > upper[t - 1]` of a `period` channel exactly when the `period` bars before t are usable and all
 * their highs are below close[t], i.e. when `above[t] >= period` (NaN closes compare false: run 0).
 */
export function breakoutRuns(high: Float64Array, low: Float64Array, close: Float64Array): BreakoutRuns {
  const length = assertSameLength('donchianBreakouts', [high, low, close]);
  const runs = { above: new Int32Array(length), below: new Int32Array(length) };
  const usableFrom = new Int32Array(length);
  let runStart = 0;
  for (let t = 0; t < length; t++) {
    if (!(isUsable(high[t]) && isUsable(low[t]))) runStart = t + 1;
    usableFrom[t] = runStart;
  }
  barsBeyond(high, close, usableFrom, 1, runs.above);
  barsBeyond(low, close, usableFrom, -1, runs.below);
  return runs;
}

/**
 * out[t] = bars right before t, inside the usable run that bar t - 1 belongs to, whose `side x extreme` is below
 * `side x close[t]`. A monotonic stack holds the bars that can still be the nearest one reaching close (each
 * strictly beyond the ones pushed after it); the nearest bar reaching close[t] is found by binary search, with
 * the common case (bar t - 1 reaches it) first. O(n log n) worst case, about one comparison per bar in practice.
 */
function barsBeyond(extreme: Float64Array, close: Float64Array, usableFrom: Int32Array, side: 1 | -1, out: Int32Array): void {
  const length = close.length;
  const stack = new Int32Array(length);
  let top = -1;
  if (length > 0) out[0] = 0;
  for (let t = 1; t < length; t++) {
    const previous = t - 1;
    const start = usableFrom[previous];
    if (start > previous) {
      out[t] = 0;
      top = -1;
      continue;
    }
    const value = side * extreme[previous];
    while (top >= 0 && side * extreme[stack[top]] <= value) top--;
    stack[++top] = previous;
    const level = side * close[t];
    if (!(level > value)) {
      out[t] = 0;
      continue;
    }
    // The nearest stacked bar (highest index) with side x extreme >= level: the stack is strictly decreasing upwards.
    let low = 0;
    let high = top;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (side * extreme[stack[middle]] >= level) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    out[t] = found < 0 ? t - start : t - 1 - stack[found];
  }
}
