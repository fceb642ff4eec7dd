// A naive per-bar reference of the grid/DCA kernel: the documented rules (grid-kernel.ts, grid-options.ts,
// fill-rules.ts) as a plain bar loop in real prices, one branch per side, walking each bar's path
// open -> stop side -> take-profit side (or the other way round) -> close. No flat-bar or quiet-bar skipping.
import type { Candles } from '../../src/core/index.js';
import { positionUnits, resolveSizing, type GridKernelOptions, type GridLevels, type Trade } from '../../src/engine/index.js';
import { feeRates, fundingRate, stopSideFirst, type ReferenceResult } from './_reference-rules.js';

/** One position group: every level of a book ('average') or a single level ('perLevel'). */
interface Group {
  levels: number[];
  filled: Set<number>;
  units: number;
  /** Sum of units x fill price (real prices). */
  cost: number;
  fees: number;
  funding: number;
  firstIndex: number;
  filledCount: number;
  cycleEquity: number;
  lastExit: number;
  /** Bar in which a level filled inside the bar (not at the open). */
  intrabarFill: number;
}

interface Book {
  side: 1 | -1;
  levels: Float64Array;
  takeProfit: Float64Array | undefined;
  forceClose: Uint8Array | undefined;
  groups: Group[];
  realized: number;
}

export function referenceGrid(candles: Candles, levels: GridLevels, options: GridKernelOptions = {}): ReferenceResult {
  const { timestamp, open, high, low, close } = candles;
  const n = close.length;
  const K = levels.levelCount;
  const fees = feeRates(options);
  const slip = fees.slippage;
  const sizing = resolveSizing(options.sizing);
  const start = Math.max(0, options.startIndex ?? 0);
  const weights = options.levelWeights ?? Array.from({ length: K }, () => 1 / K);
  const groupSize = options.exitMode === 'perLevel' ? 1 : K;
  const initialCash = options.initialCash ?? 10_000;
  const pessimistic = (options.intrabar ?? 'pessimistic') === 'pessimistic';
  const trades: Trade[] = [];
  const equity = new Float64Array(n);
  let ambiguousBars = 0;
  let barsInPosition = 0;
  let previousEquity = initialCash;

  const books: Book[] = [];
  for (const side of [1, -1] as const) {
    const sideLevels = side > 0 ? levels.long : levels.short;
    if (sideLevels === undefined) continue;
    const groups: Group[] = [];
    for (let first = 0; first < K; first += groupSize) {
      groups.push({
        levels: Array.from({ length: groupSize }, (_, i) => first + i), filled: new Set(), units: 0, cost: 0, fees: 0, funding: 0,
        firstIndex: 0, filledCount: 0, cycleEquity: 0, lastExit: -1, intrabarFill: -1,
      });
    }
    const takeProfit = (side > 0 ? levels.takeProfitLong : levels.takeProfitShort) ?? levels.takeProfit;
    const forceClose = (side > 0 ? levels.forceCloseLong : levels.forceCloseShort) ?? levels.forceClose;
    books.push({ side, levels: sideLevels, takeProfit, forceClose, groups, realized: 0 });
  }
  const isOpen = (g: Group) => g.units !== 0;

  for (let t = 0; t < n; t++) {
    let ambiguous = false;
    for (const book of books) ambiguous = stepBook(book, t) || ambiguous;
    if (ambiguous) ambiguousBars++;
    let value = initialCash;
    for (const book of books) value += book.realized + book.groups.reduce((sum, g) => sum + markValue(book, g, close[t]), 0);
    equity[t] = value;
    previousEquity = value;
    if (books.some((book) => book.groups.some(isOpen))) barsInPosition++;
  }
  if (n > 0 && books.some((book) => book.groups.some(isOpen))) {
    const last = n - 1;
    const c = close[last];
    for (const book of books) for (const g of book.groups) if (isOpen(g)) exit(book, g, last, book.side > 0 ? c - slip * c : c + slip * c, fees.market, 'end');
    equity[last] = initialCash + books.reduce((sum, book) => sum + book.realized, 0);
    barsInPosition--;
  }
  return { trades, equity, ambiguousBars, barsInPosition };

  function markValue(book: Book, g: Group, price: number): number {
    return book.side > 0 ? g.units * price - g.cost : g.cost - g.units * price;
  }

  function average(g: Group): number {
    return g.cost / g.units;
  }

  function stopOf(book: Book, g: Group): number {
    const a = average(g);
    if (options.stopLossPct === undefined) return book.side > 0 ? -Infinity : Infinity;
    return book.side > 0 ? a - options.stopLossPct * a : a + options.stopLossPct * a;
  }

  /** The nearer of the pct take-profit (from the average) and the per-bar array of the previous bar. */
  function takeProfitOf(book: Book, g: Group, t: number): number {
    const none = book.side > 0 ? Infinity : -Infinity;
    const a = average(g);
    const pct = options.takeProfitPct === undefined ? none : book.side > 0 ? a + options.takeProfitPct * a : a - options.takeProfitPct * a;
    const level = book.takeProfit?.[t - 1] ?? Number.NaN;
    const array = Number.isNaN(level) ? none : level;
    return book.side > 0 ? Math.min(pct, array) : Math.max(pct, array);
  }

  /** Fills level k of the group at `price`; false when sizing gives no units (then nothing filled). */
  function fill(book: Book, g: Group, k: number, t: number, price: number): boolean {
    const cycleEquity = isOpen(g) ? g.cycleEquity : previousEquity;
    const units = positionUnits(sizing, cycleEquity, price / weights[k], Number.NaN);
    if (units === 0) return false;
    if (!isOpen(g)) Object.assign(g, { firstIndex: t, filledCount: 0, fees: 0, funding: 0, cycleEquity });
    const fee = fees.limitEntry * units * price;
    g.filled.add(k);
    g.units += units;
    g.cost += units * price;
    g.fees += fee;
    g.filledCount++;
    book.realized -= fee;
    return true;
  }

  function exit(book: Book, g: Group, t: number, price: number, feeRate: number, reason: Trade['exitReason']): void {
    const exitFee = feeRate * g.units * price;
    const gross = book.side > 0 ? g.units * price - g.cost : g.cost - g.units * price;
    const pnl = gross - g.fees - exitFee - g.funding;
    trades.push({
      side: book.side > 0 ? 'long' : 'short', entryIndex: g.firstIndex, exitIndex: t, entryTime: timestamp[g.firstIndex], exitTime: timestamp[t],
      entryPrice: average(g), exitPrice: price, size: g.units, pnl, return: g.cycleEquity > 0 ? pnl / g.cycleEquity : 0,
      fees: g.fees + exitFee, funding: g.funding, exitReason: reason, levelsFilled: g.filledCount,
    });
    book.realized += gross - exitFee;
    Object.assign(g, { units: 0, cost: 0, lastExit: t });
    g.filled.clear();
  }

  /** Runs bar t for one book; true when an open position had both its stop and its take-profit inside the bar. */
  function stepBook(book: Book, t: number): boolean {
    const { side, groups } = book;
    const long = side > 0;
    const o = open[t];
    // Position-agnostic "further along the stop side" / "further along the take-profit side" comparisons.
    const atOrBelow = (a: number, b: number) => (long ? a <= b : a >= b);
    const stopSideLow = long ? low[t] : high[t];
    const takeProfitSideHigh = long ? high[t] : low[t];
    for (const g of groups) {
      if (!isOpen(g)) continue;
      const paid = side * fundingRate(options, timestamp[t], t) * g.units * o;
      g.funding += paid;
      book.realized -= paid;
    }
    // Orders rest from the start index on: the levels, take-profit and force close of bar t-1 act during bar t.
    if (t - 1 < start) return false;
    const price = (k: number) => book.levels[(t - 1) * K + k];
    // At the open: a force close (market), else stops / take-profits the bar opens beyond.
    if ((book.forceClose?.[t - 1] ?? 0) !== 0) {
      for (const g of groups) if (isOpen(g)) exit(book, g, t, long ? o - slip * o : o + slip * o, fees.market, 'forceClose');
    } else {
      for (const g of groups) {
        if (!isOpen(g)) continue;
        if (atOrBelow(o, stopOf(book, g))) exit(book, g, t, long ? o - slip * o : o + slip * o, fees.stop, 'stopLoss');
        else if (atOrBelow(takeProfitOf(book, g, t), o)) exit(book, g, t, o, fees.takeProfit, 'takeProfit');
      }
    }
    // Levels the bar opens beyond fill at the open (a group that exited on this bar waits for the next).
    for (const g of groups) {
      if (g.lastExit === t) continue;
      for (const k of g.levels) if (!g.filled.has(k) && atOrBelow(o, price(k))) fill(book, g, k, t, o);
    }
    const ambiguous = groups.some((g) => isOpen(g) && atOrBelow(stopSideLow, stopOf(book, g)) && atOrBelow(takeProfitOf(book, g, t), takeProfitSideHigh));
    if (stopSideFirst(options.intrabar, side, o, high[t], low[t], close[t])) {
      stopSide(book, t);
      takeProfitSide(book, t, takeProfitSideHigh);
    } else {
      takeProfitSide(book, t, takeProfitSideHigh);
      stopSide(book, t);
      takeProfitSide(book, t, close[t]);
    }
    return ambiguous;

    /** From the open to the bar's stop-side extreme: levels fill at their price, nearest first, unless the stop comes first. */
    function stopSide(b: Book, bar: number): void {
      for (const g of b.groups) {
        if (g.lastExit === bar) continue;
        const inReach = g.levels.filter((k) => !g.filled.has(k) && atOrBelow(price(k), o) && price(k) !== o && atOrBelow(stopSideLow, price(k)));
        inReach.sort((a, c) => (long ? price(c) - price(a) : price(a) - price(c)));
        for (const k of inReach) {
          if (isOpen(g) && atOrBelow(price(k), stopOf(b, g))) break;
          if (fill(b, g, k, bar, price(k))) g.intrabarFill = bar;
        }
        if (!isOpen(g)) continue;
        const stop = stopOf(b, g);
        if (atOrBelow(stopSideLow, stop)) exit(b, g, bar, long ? stop - slip * stop : stop + slip * stop, fees.stop, 'stopLoss');
      }
    }

    /**
     * Up to `reach` on the take-profit side. Under 'pessimistic' a group that filled a level inside this bar takes
     * profit only when the close is beyond its take-profit (the bar may have made its high before the fill).
     */
    function takeProfitSide(b: Book, bar: number, reach: number): void {
      for (const g of b.groups) {
        if (!isOpen(g)) continue;
        const takeProfit = takeProfitOf(b, g, bar);
        const reached = pessimistic && g.intrabarFill === bar ? close[bar] : reach;
        if (atOrBelow(takeProfit, reached)) exit(b, g, bar, takeProfit, fees.takeProfit, 'takeProfit');
      }
    }
  }
}
