import type { MonoBook } from './_mono-book.js';
import { downsideSquare } from './metrics.js';
import { placeOrders } from './_mono-bar.js';

/**
 * Quiet-bar fast paths of the mono kernel. A bar is quiet when its packed signal code (see packed-signals.ts and
 * _mono-signal-table.ts) makes the kernel do nothing in its current state (`acting` has one bit per code that
 * acts) and the open position (if any) neither gaps through nor trades through its stop or take-profit: the
 * general loop would only mark equity there. These loops:
 * - mark equity exactly as the general loop does, bar t's to `equity[t & mask]` (mask 0 sends every bar to a
 *   one-slot sink when the curve is not recorded, which keeps the store monomorphic and branch-free);
 * - add each marked bar's simple return to the running moments in bar order, as addReturnMoments: `moments[0]`
 *   sum, `moments[1]` sum of squares, `moments[4]` sum of squared downsides (only for a recorded curve: score-only
 *   research runs never read it, and it cost them ~10%); `moments[2]` is the last marked equity;
 * - return the first bar that is not quiet (or `end`), which the general loop then processes.
 * Callers use them only when nothing changes per bar otherwise (no pending order, no funding, no trailing stop,
 * no dynamic levels), from a bar `from >= 1` whose previous bar is already marked.
 */

/**
 * From bar t, when no order is pending: marks the run of quiet bars after it with the loop for the book's state
 * (flat; in a position with neither stop nor take-profit; in a position between them) and returns the last bar
 * marked (t when none). A run marked through a signal bar places that bar's orders, as the per-bar path would.
 * Not taken with funding on an open position (it changes cash from bar to bar).
 */
export function skipQuietBars(book: MonoBook, t: number): number {
  const from = t + 1;
  const { side, packed, marks, mask, quietEnd } = book;
  if (side === 0) {
    t = markFlatThroughSignal(from, quietEnd, book.cash, marks, mask, book.flatActing, packed) - 1;
  } else if (!book.fundingEnabled) {
    const stopP = book.pctStopP > book.levelStopP ? book.pctStopP : book.levelStopP;
    const tpP = book.pctTpP < book.levelTpP ? book.pctTpP : book.levelTpP;
    const acting = side > 0 ? book.longActing : book.shortActing;
    const { cash, units, entryP, moments } = book;
    const next =
      stopP === -Infinity && tpP === Infinity
        ? markPositionThroughSignal(from, quietEnd, side, cash, units, entryP, book.open, book.close, marks, mask, acting, packed, moments)
        : skipQuietPositionBars(from, quietEnd, side, stopP, tpP, cash, units, entryP, book, marks, mask, acting, packed, moments);
    book.barsInPosition += next - from;
    t = next - 1;
  }
  // The last bar marked may carry a signal that acts: its orders, exactly as the per-bar path places them.
  if (t >= from && t >= book.start) placeOrders(book, t);
  return t;
}

/**
 * Flat: equity = cash through the next bar whose signals open a position (that bar's marking is the same cash;
 * the caller then places its orders). Returns the bar after the last marked one. Every return there is exactly
 * 0 (the previous bar was marked at the same cash), so the moments are left as they are.
 */
export function markFlatThroughSignal(from: number, end: number, cash: number, equity: Float64Array, mask: number, acting: number, packed: Uint8Array): number {
  let t = from;
  while (t < end && ((acting >> (packed[t] & 15)) & 1) === 0) t++;
  if (t < end) t++;
  if (mask !== 0) equity.fill(cash, from, t);
  return t;
}

/**
 * In a position of `side` with position-space stop `stopP` and take-profit `tpP` (one of them finite):
 * marks `cash + units x (side x close - entryP)` while the bar stays strictly inside (stop, take-profit) from its
 * open to its range and carries no acting signal. Returns the first bar not marked.
 */
export function skipQuietPositionBars(
  from: number,
  end: number,
  side: number,
  stopP: number,
  tpP: number,
  cash: number,
  units: number,
  entryP: number,
  candles: { readonly open: Float64Array; readonly high: Float64Array; readonly low: Float64Array; readonly close: Float64Array },
  equity: Float64Array,
  mask: number,
  acting: number,
  packed: Uint8Array,
  moments: Float64Array,
): number {
  const { open, high, low, close } = candles;
  let sum = moments[0];
  let squares = moments[1];
  let previous = moments[2];
  let downsideSquares = moments[4];
  let t = from;
  // Position space: a short's prices are negated, so both sides test "strictly above the stop, below the target".
  const highs = side > 0 ? high : low;
  const lows = side > 0 ? low : high;
  for (; t < end; t++) {
    if (((acting >> (packed[t] & 15)) & 1) !== 0) break;
    const o = side * open[t];
    if (!(o > stopP && o < tpP && side * lows[t] > stopP && side * highs[t] < tpP)) break;
    const value = cash + units * (side * close[t] - entryP);
    equity[t & mask] = value;
    const r = previous > 0 ? value / previous - 1 : 0;
    sum += r;
    squares += r * r;
    if (mask !== 0) downsideSquares += downsideSquare(r);
    previous = value;
  }
  moments[0] = sum;
  moments[1] = squares;
  moments[2] = previous;
  moments[4] = downsideSquares;
  return t;
}

/**
 * In a position without stop or take-profit, where only the signals can end the run: marks every bar through
 * the next acting signal bar (whose marking is the same; the caller then places its orders) and returns the bar
 * after the last marked one. The loop also reads `open` alongside `close` although it needs no open: the
 * hardware prefetcher then streams it, and the fill at the next open after the signal hits the cache instead of
 * missing to memory (a third of a 1M-bar run otherwise).
 */
export function markPositionThroughSignal(
  from: number,
  end: number,
  side: number,
  cash: number,
  units: number,
  entryP: number,
  open: Float64Array,
  close: Float64Array,
  equity: Float64Array,
  mask: number,
  acting: number,
  packed: Uint8Array,
  moments: Float64Array,
): number {
  let sum = moments[0];
  let squares = moments[1];
  let previous = moments[2];
  let downsideSquares = moments[4];
  let touched = 0;
  let t = from;
  for (; t < end; t++) {
    touched += open[t];
    const value = cash + units * (side * close[t] - entryP);
    equity[t & mask] = value;
    const r = previous > 0 ? value / previous - 1 : 0;
    sum += r;
    squares += r * r;
    if (mask !== 0) downsideSquares += downsideSquare(r);
    previous = value;
    // A plain break (no t++ here): modifying t inside the loop makes the optimised loop twice as slow.
    if (((acting >> (packed[t] & 15)) & 1) !== 0) break;
  }
  moments[0] = sum;
  moments[1] = squares;
  moments[2] = previous;
  moments[3] = touched;
  moments[4] = downsideSquares;
  return t < end ? t + 1 : t;
}
