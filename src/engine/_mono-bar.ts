import { EXIT_REASON } from './exit-reason.js';
import { stopSideFirst } from './fill-rules.js';
import { fundingRateAt } from './funding.js';
import { downsideSquare } from './metrics.js';
import type { MonoBook } from './_mono-book.js';
import { closeTrade } from './_mono-close-trade.js';
import { SIGNAL_MASK } from './packed-signals.js';
import { PENDING_SIDE } from './_mono-signal-table.js';
import { positionUnits } from './sizing.js';
import type { TradeBuffers } from './trade-buffers.js';

/**
 * One bar of the mono kernel, in the order the kernel runs its phases (see mono-kernel.ts): funding, the orders
 * of the previous close filled at the open (exit first, then entry), the exits inside the bar, the mark at the
 * close, and the orders the bar's signals place.
 */

/** Funding on a position carried into a funding timestamp, at the bar's open. */
export function payFunding(book: MonoBook, t: number): void {
  const rate = fundingRateAt(book.funding, book.timestamp[t], t);
  const o = book.open[t];
  const paid = book.side * rate * book.units * o;
  book.cash -= paid;
  book.fundingPaid += paid;
}

/** The exit order of the previous close, at the open (a market order; 'reverse' when an entry follows). */
export function fillExitOrder(book: MonoBook, t: number): void {
  const o = book.open[t];
  const exitP = book.side * o - book.slip * o;
  const reason = book.pendingSide !== 0 ? EXIT_REASON.reverse : EXIT_REASON.signal;
  book.cash += closePosition(book, t, exitP, book.marketFee, reason);
  book.pendingExit = 0;
}

/** The entry order of the previous close, at the open: sized, with its stop and take-profit; skipped at zero units. */
export function fillEntryOrder(book: MonoBook, t: number): void {
  const s = book.pendingSide;
  const o = book.open[t];
  const fillP = s * o + book.slip * o;
  const fillAbs = s * fillP;
  const stopPct = book.stopPct;
  const tpPct = book.tpPct;
  book.pctStopP = stopPct === stopPct ? fillP - stopPct * fillAbs : -Infinity;
  book.pctTpP = tpPct === tpPct ? fillP + tpPct * fillAbs : Infinity;
  book.levelStopP = book.pendingStop === book.pendingStop ? s * book.pendingStop : -Infinity;
  book.levelTpP = book.pendingTp === book.pendingTp ? s * book.pendingTp : Infinity;
  const stopP = book.pctStopP > book.levelStopP ? book.pctStopP : book.levelStopP;
  const size = positionUnits(book.sizing, book.cash, fillAbs, fillP - stopP);
  if (size > 0) {
    book.side = s;
    book.units = size;
    book.entryP = fillP;
    book.entryIndex = t;
    book.entryFee = book.marketFee * size * fillAbs;
    book.fundingPaid = 0;
    book.equityAtEntry = book.cash;
    book.extremeP = fillP;
    book.cash -= book.entryFee;
  }
  book.pendingSide = 0;
}

/**
 * The open position (including one entered at this open) against its stop, trailing stop and take-profit over
 * the bar's range: a gap through either fills at the open; when the bar spans both, the intrabar policy decides
 * (and the bar counts as ambiguous). The trailing stop uses the best price up to the previous bar.
 */
export function exitInsideBar(book: MonoBook, t: number): void {
  const side = book.side;
  if (book.dynamic && book.entryIndex < t) {
    const stopLevel = side > 0 ? book.stopLong[t - 1] : book.stopShort[t - 1];
    const tpLevel = side > 0 ? book.tpLong[t - 1] : book.tpShort[t - 1];
    if (stopLevel === stopLevel) book.levelStopP = side * stopLevel;
    if (tpLevel === tpLevel) book.levelTpP = side * tpLevel;
  }
  const o = book.open[t];
  const slip = book.slip;
  const oP = side * o;
  const hP = side > 0 ? book.high[t] : -book.low[t];
  const lP = side > 0 ? book.low[t] : -book.high[t];
  let stopP = book.pctStopP > book.levelStopP ? book.pctStopP : book.levelStopP;
  let stopReason: number = EXIT_REASON.stopLoss;
  if (book.trailing) {
    const extremeP = book.extremeP;
    const trailP = extremeP - book.trailPct * (extremeP < 0 ? -extremeP : extremeP);
    if (trailP > stopP) {
      stopP = trailP;
      stopReason = EXIT_REASON.trailingStop;
    }
  }
  const tpP = book.pctTpP < book.levelTpP ? book.pctTpP : book.levelTpP;
  let exitP = Number.NaN;
  let exitFee = 0;
  let reason = 0;
  if (oP <= stopP) {
    exitP = oP - slip * o;
    exitFee = book.stopFee;
    reason = stopReason;
  } else if (oP >= tpP) {
    exitP = oP;
    exitFee = book.takeProfitFee;
    reason = EXIT_REASON.takeProfit;
  } else {
    const hitStop = lP <= stopP;
    const hitTp = hP >= tpP;
    if (hitStop && hitTp) book.ambiguousBars++;
    if (hitStop && (!hitTp || stopSideFirst(book.policy, oP, hP, lP, side * book.close[t]))) {
      exitP = stopP - slip * (stopP < 0 ? -stopP : stopP);
      exitFee = book.stopFee;
      reason = stopReason;
    } else if (hitTp) {
      exitP = tpP;
      exitFee = book.takeProfitFee;
      reason = EXIT_REASON.takeProfit;
    }
  }
  if (exitP === exitP) book.cash += closePosition(book, t, exitP, exitFee, reason);
  // Only the trailing stop reads the extreme; skipping it spares an unpredictable branch per bar.
  else if (book.trailing && hP > book.extremeP) book.extremeP = hP;
}

/**
 * Marks bar t's equity (cash + the open position at the close) and adds its simple return to the moments,
 * bit-identical to `addReturnMoments(equity)`: the last bar's return is taken at the end, after a final close.
 */
export function markBar(book: MonoBook, t: number): void {
  let value = book.cash;
  if (book.side !== 0) {
    value = book.cash + book.units * (book.side * book.close[t] - book.entryP);
    book.barsInPosition++;
  }
  book.marks[t & book.mask] = value;
  const moments = book.moments;
  if (t === 0) book.firstEquity = value;
  else if (t < book.quietEnd) addReturn(moments, moments[2], value);
  else book.beforeLastEquity = moments[2];
  moments[2] = value;
}

/** The orders bar t's signals place for the next open, by the decision table of the current side. */
export function placeOrders(book: MonoBook, t: number): void {
  const action = book.actions[(book.side + 1) * 16 + (book.packed[t] & SIGNAL_MASK)];
  if (action === 0) return;
  book.pendingExit = action & 1;
  book.pendingSide = PENDING_SIDE[action >> 1];
  if (book.pendingSide !== 0 && book.hasLevels) {
    book.pendingStop = book.pendingSide > 0 ? book.stopLong[t] : book.stopShort[t];
    book.pendingTp = book.pendingSide > 0 ? book.tpLong[t] : book.tpShort[t];
  }
}

/** Closes the open position at `exitP` (position space) on bar t and returns the cash it releases. */
export function closePosition(book: MonoBook, t: number, exitP: number, exitFeeRate: number, reason: number): number {
  const released = closeTrade(
    book.trades as TradeBuffers, book.side, book.entryIndex, t, book.entryP, exitP, book.units, book.entryFee, exitFeeRate, book.fundingPaid, book.equityAtEntry, reason,
  );
  book.side = 0;
  return released;
}

/** Adds the simple return from `previous` to `value` (0 after a non-positive equity) to the running moments. */
export function addReturn(moments: Float64Array, previous: number, value: number): void {
  const r = previous > 0 ? value / previous - 1 : 0;
  moments[0] += r;
  moments[1] += r * r;
  moments[4] += downsideSquare(r);
}
