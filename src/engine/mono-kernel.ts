import type { Candles } from '../core/index.js';
import { EXIT_REASON } from './exit-reason.js';
import { kernelOutputs, type KernelResult, type KernelScratch } from './kernel-scratch.js';
import { checkSignalLengths, type MonoKernelOptions, type Signals } from './mono-options.js';
import { addReturn, closePosition, exitInsideBar, fillEntryOrder, fillExitOrder, markBar, payFunding, placeOrders } from './_mono-bar.js';
import { MonoBook } from './_mono-book.js';
import { fillTradeTimes } from './_mono-close-trade.js';
import { skipQuietBars } from './_mono-quiet-bars.js';
import { packedSignalsOf } from './packed-signals.js';

/**
 * Mono-position backtest kernel: at most one position (long or short) at a time.
 *
 * Bar t, in order (the phases of _mono-bar.ts): (1) funding on a position carried into a funding timestamp;
 * (2) orders from bar t-1's signals fill at open[t] (exit first, then entry, so exit + opposite entry reverses);
 * (3) the open position, including one just entered at this open, is checked against its stop / trailing stop /
 * take-profit over the bar's range (see fill-rules.ts); (4) equity is marked at close[t]; (5) signals of bar t
 * (t >= startIndex) place the next bar's orders. Then, with no order pending, (6) the quiet bars after t (no
 * acting signal, nothing in reach: the per-bar path would only mark them) are marked in tight loops
 * (_mono-quiet-bars.ts); the per-bar reference kernel of the tests is their oracle.
 * A position still open after the last bar is closed at the last close as a market order (reason 'end').
 * The trailing stop does not ratchet inside a bar: bar t uses the best price up to bar t-1.
 * The per-bar return moments of the final equity (`returnSum`, `returnSquares`, and with a curve
 * `returnDownsideSquares`) are accumulated while marking, bit-identical to `addReturnMoments(equity)`, so neither a
 * grid search nor the metrics of `backtest()` need a second pass over the equity for them.
 * Signals are read in packed form (one byte per bar); four separate arrays are packed once on entry.
 * With `scoreOnly`, neither the equity curve nor the trade times are written (see MonoKernelOptions).
 * No allocation per bar; pass a `scratch` to reuse outputs across runs.
 */
export function runMonoKernel(candles: Candles, signals: Signals, options: MonoKernelOptions = {}, scratch?: KernelScratch): KernelResult {
  const n = candles.close.length;
  checkSignalLengths(signals, n);
  const record = options.scoreOnly !== true;
  const { equity, trades } = kernelOutputs(record ? n : 0, scratch);
  const book = BOOK;
  // Without a curve every bar is marked into a one-slot sink (a store on every path keeps the optimised code monomorphic).
  book.reset(candles, signals, packedSignalsOf(signals, n), options, record ? equity : EQUITY_SINK, record, trades);
  const { start, fundingEnabled, checksExits, skipQuiet } = book;
  for (let t = 0; t < n; t++) {
    if (book.side !== 0 && fundingEnabled) payFunding(book, t);
    if (book.pendingExit !== 0) fillExitOrder(book, t);
    if (book.pendingSide !== 0) fillEntryOrder(book, t);
    if (book.side !== 0 && checksExits) exitInsideBar(book, t);
    markBar(book, t);
    if (t >= start && t + 1 < n) placeOrders(book, t);
    if (skipQuiet && book.pendingExit === 0 && book.pendingSide === 0) t = skipQuietBars(book, t);
  }
  const lastEquity = closeAtEnd(book, record ? equity : null);
  if (record) fillTradeTimes(trades, candles.timestamp);
  const { ambiguousBars, barsInPosition, firstEquity, moments } = book;
  book.release();
  return {
    trades, equity, ambiguousBars, barsInPosition, returnSum: moments[0], returnSquares: moments[1],
    returnDownsideSquares: record ? moments[4] : undefined, firstEquity, lastEquity,
  };
}

const BOOK = new MonoBook();
const EQUITY_SINK = new Float64Array(1);

/** Closes a position still open at the last close (market, reason 'end'), takes the last bar's return; returns the last equity. */
function closeAtEnd(book: MonoBook, equity: Float64Array | null): number {
  const n = book.n;
  const moments = book.moments;
  let lastEquity = moments[2];
  if (book.side !== 0 && n > 0) {
    const last = n - 1;
    const price = book.close[last];
    book.cash += closePosition(book, last, book.side * price - book.slip * price, book.marketFee, EXIT_REASON.end);
    lastEquity = book.cash;
    if (equity !== null) equity[last] = book.cash;
    book.barsInPosition--;
  }
  if (n > 1) addReturn(moments, book.beforeLastEquity, lastEquity);
  return lastEquity;
}
