// A naive per-bar reference of the mono kernel: the documented rules (mono-kernel.ts, mono-options.ts,
// fill-rules.ts, costs.ts, funding.ts) written as a plain bar loop in real prices, one branch per side, with no
// fast path, packed table or position space. The property tests hold the kernel to it.
import type { Candles } from '../../src/core/index.js';
import { positionUnits, resolveSizing, type MonoKernelOptions, type Signals, type Trade } from '../../src/engine/index.js';
import { feeRates, fundingRate, stopSideFirst, type ReferenceResult } from './_reference-rules.js';

interface Position {
  side: 1 | -1;
  units: number;
  entry: number;
  entryIndex: number;
  entryFee: number;
  funding: number;
  equityAtEntry: number;
  pctStop: number;
  levelStop: number;
  pctTakeProfit: number;
  levelTakeProfit: number;
  /** Best high (long) / low (short) up to the previous bar, starting at the entry fill. */
  extreme: number;
}

function signalOn(signals: Signals, bit: number, key: 'enterLong' | 'exitLong' | 'enterShort' | 'exitShort', t: number): boolean {
  if (signals.packed !== undefined) return (signals.packed[t] & bit) !== 0;
  const values = signals[key];
  return values !== undefined && values[t] !== 0;
}

export function referenceMono(candles: Candles, signals: Signals, options: MonoKernelOptions = {}): ReferenceResult {
  const { timestamp, open, high, low, close } = candles;
  const n = close.length;
  const fees = feeRates(options);
  const slip = fees.slippage;
  const sizing = resolveSizing(options.sizing);
  const start = Math.max(0, options.startIndex ?? 0);
  const reverse = (options.oppositeEntry ?? 'reverse') === 'reverse';
  const { stopLossPct, takeProfitPct, trailingStopPct } = options;
  const trades: Trade[] = [];
  const equity = new Float64Array(n);
  let cash = options.initialCash ?? 10_000;
  let ambiguousBars = 0;
  let barsInPosition = 0;
  let position: Position | null = null;
  let pendingExit = false;
  let pendingSide = 0;
  let pendingStop = Number.NaN;
  let pendingTakeProfit = Number.NaN;

  const closePosition = (p: Position, t: number, price: number, feeRate: number, reason: Trade['exitReason']) => {
    const exitFee = feeRate * p.units * price;
    const gross = p.side > 0 ? p.units * (price - p.entry) : p.units * (p.entry - price);
    const pnl = gross - p.entryFee - exitFee - p.funding;
    cash += gross - exitFee;
    trades.push({
      side: p.side > 0 ? 'long' : 'short', entryIndex: p.entryIndex, exitIndex: t, entryTime: timestamp[p.entryIndex], exitTime: timestamp[t],
      entryPrice: p.entry, exitPrice: price, size: p.units, pnl, return: p.equityAtEntry > 0 ? pnl / p.equityAtEntry : 0,
      fees: p.entryFee + exitFee, funding: p.funding, exitReason: reason, levelsFilled: 1,
    });
    position = null;
  };

  for (let t = 0; t < n; t++) {
    const o = open[t];
    // (1) funding on a position carried into this bar
    if (position !== null) {
      const paid = position.side * fundingRate(options, timestamp[t], t) * position.units * o;
      cash -= paid;
      position.funding += paid;
    }
    // (2) the previous close's orders fill at this open: the exit first, then the entry
    if (pendingExit && position !== null) {
      const price = position.side > 0 ? o - slip * o : o + slip * o;
      closePosition(position, t, price, fees.market, pendingSide !== 0 ? 'reverse' : 'signal');
    }
    if (pendingSide !== 0) position = openPosition(pendingSide > 0 ? 1 : -1, t, o);
    pendingExit = false;
    pendingSide = 0;
    // (3) stop / trailing stop / take-profit over the bar's range, the entry bar included
    const p = position as Position | null;
    if (p !== null) {
      if (options.dynamicLevels === true && p.entryIndex < t) {
        const stopLevel = (p.side > 0 ? signals.stopLong : signals.stopShort)?.[t - 1] ?? Number.NaN;
        const takeProfitLevel = (p.side > 0 ? signals.takeProfitLong : signals.takeProfitShort)?.[t - 1] ?? Number.NaN;
        if (!Number.isNaN(stopLevel)) p.levelStop = stopLevel;
        if (!Number.isNaN(takeProfitLevel)) p.levelTakeProfit = takeProfitLevel;
      }
      checkExits(p, t);
    }
    // (4) mark at the close
    const q = position as Position | null;
    equity[t] = q === null ? cash : cash + (q.side > 0 ? q.units * (close[t] - q.entry) : q.units * (q.entry - close[t]));
    if (q !== null) barsInPosition++;
    // (5) this close's signals, from the start index on (the last bar's have no next open)
    if (t >= start && t + 1 < n) decide(t);
  }
  const last = position as Position | null;
  if (last !== null) {
    const price = last.side > 0 ? close[n - 1] - slip * close[n - 1] : close[n - 1] + slip * close[n - 1];
    closePosition(last, n - 1, price, fees.market, 'end');
    equity[n - 1] = cash;
    barsInPosition--;
  }
  return { trades, equity, ambiguousBars, barsInPosition };

  function openPosition(side: 1 | -1, t: number, o: number): Position | null {
    const fill = side > 0 ? o + slip * o : o - slip * o;
    const pctStop = stopLossPct === undefined ? Number.NaN : side > 0 ? fill - stopLossPct * fill : fill + stopLossPct * fill;
    const pctTakeProfit = takeProfitPct === undefined ? Number.NaN : side > 0 ? fill + takeProfitPct * fill : fill - takeProfitPct * fill;
    const p: Position = {
      side, units: 0, entry: fill, entryIndex: t, entryFee: 0, funding: 0, equityAtEntry: cash,
      pctStop, levelStop: pendingStop, pctTakeProfit, levelTakeProfit: pendingTakeProfit, extreme: fill,
    };
    const stop = tighterStop(p);
    const units = positionUnits(sizing, cash, fill, side > 0 ? fill - stop : stop - fill);
    if (units <= 0) return null;
    p.units = units;
    p.entryFee = fees.market * units * fill;
    cash -= p.entryFee;
    return p;
  }

  /** The tighter (nearer the entry) of the pct and level stops; +-Infinity when there is none. */
  function tighterStop(p: Position): number {
    const none = p.side > 0 ? -Infinity : Infinity;
    const pct = Number.isNaN(p.pctStop) ? none : p.pctStop;
    const level = Number.isNaN(p.levelStop) ? none : p.levelStop;
    return p.side > 0 ? Math.max(pct, level) : Math.min(pct, level);
  }

  function nearerTakeProfit(p: Position): number {
    const none = p.side > 0 ? Infinity : -Infinity;
    const pct = Number.isNaN(p.pctTakeProfit) ? none : p.pctTakeProfit;
    const level = Number.isNaN(p.levelTakeProfit) ? none : p.levelTakeProfit;
    return p.side > 0 ? Math.min(pct, level) : Math.max(pct, level);
  }

  function checkExits(p: Position, t: number): void {
    const long = p.side > 0;
    let stop = tighterStop(p);
    let stopReason: Trade['exitReason'] = 'stopLoss';
    if (trailingStopPct !== undefined) {
      const trail = long ? p.extreme - trailingStopPct * p.extreme : p.extreme + trailingStopPct * p.extreme;
      if (long ? trail > stop : trail < stop) {
        stop = trail;
        stopReason = 'trailingStop';
      }
    }
    const takeProfit = nearerTakeProfit(p);
    const o = open[t];
    const beyond = (price: number, level: number) => (long ? price <= level : price >= level);
    if (beyond(o, stop)) return closePosition(p, t, long ? o - slip * o : o + slip * o, fees.stop, stopReason);
    if (long ? o >= takeProfit : o <= takeProfit) return closePosition(p, t, o, fees.takeProfit, 'takeProfit');
    const hitStop = long ? low[t] <= stop : high[t] >= stop;
    const hitTakeProfit = long ? high[t] >= takeProfit : low[t] <= takeProfit;
    if (hitStop && hitTakeProfit) ambiguousBars++;
    if (hitStop && (!hitTakeProfit || stopSideFirst(options.intrabar, p.side, o, high[t], low[t], close[t]))) {
      return closePosition(p, t, long ? stop - slip * stop : stop + slip * stop, fees.stop, stopReason);
    }
    if (hitTakeProfit) return closePosition(p, t, takeProfit, fees.takeProfit, 'takeProfit');
    // The trailing stop does not ratchet inside a bar: this bar's extreme counts from the next bar on.
    if (long ? high[t] > p.extreme : low[t] < p.extreme) p.extreme = long ? high[t] : low[t];
  }

  function decide(t: number): void {
    const enterLong = signalOn(signals, 1, 'enterLong', t);
    const exitLong = signalOn(signals, 2, 'exitLong', t);
    const enterShort = signalOn(signals, 4, 'enterShort', t);
    const exitShort = signalOn(signals, 8, 'exitShort', t);
    // An entry counts when neither its own exit nor the opposite entry is on the same bar.
    const wantLong = enterLong && !exitLong && !enterShort;
    const wantShort = enterShort && !exitShort && !enterLong;
    const side = (position as Position | null)?.side ?? 0;
    if (side === 0) pendingSide = wantLong ? 1 : wantShort ? -1 : 0;
    else if (side > 0 && (exitLong || (wantShort && reverse))) {
      pendingExit = true;
      pendingSide = wantShort ? -1 : 0;
    } else if (side < 0 && (exitShort || (wantLong && reverse))) {
      pendingExit = true;
      pendingSide = wantLong ? 1 : 0;
    }
    if (pendingSide !== 0) {
      pendingStop = (pendingSide > 0 ? signals.stopLong : signals.stopShort)?.[t] ?? Number.NaN;
      pendingTakeProfit = (pendingSide > 0 ? signals.takeProfitLong : signals.takeProfitShort)?.[t] ?? Number.NaN;
    }
  }
}

/** Sum, sum of squares and sum of squared downsides min(r, 0) of the per-bar simple returns (0 after a non-positive equity), bar by bar. */
export function returnMoments(equity: Float64Array): [number, number, number] {
  let sum = 0;
  let squares = 0;
  let downsideSquares = 0;
  for (let t = 1; t < equity.length; t++) {
    const r = equity[t - 1] > 0 ? equity[t] / equity[t - 1] - 1 : 0;
    sum += r;
    squares += r * r;
    const downside = Math.min(r, 0);
    downsideSquares += downside * downside;
  }
  return [sum, squares, downsideSquares];
}
