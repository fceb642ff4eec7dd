import { EXIT_REASON } from './exit-reason.js';
import { stopSideFirst } from './fill-rules.js';
import { levelAt, nearestAt, type GridBook } from './_grid-book.js';
import { closeOpenGroups, exitGroup, fillLevel, markOpen, takeProfitOf } from './_grid-ledger.js';

/**
 * One bar of one grid book, in named phases: load the bar (position space), the open (force close, gaps through
 * a stop or take-profit, levels the bar opens beyond), then the intrabar path the policy picks (stop side, then
 * take-profit side; or take-profit side, stop side, back to the close), and the mark at the close.
 */

/** Steps bar t and marks the book at its close; returns 1 when an open position had both its stop and take-profit inside the bar. */
export function stepBook(book: GridBook, t: number): number {
  const ambiguous = runBar(book, t);
  book.markValue = book.openGroups === 0 ? 0 : markOpen(book, book.close[t]);
  return ambiguous;
}

function runBar(book: GridBook, t: number): number {
  loadBar(book, t);
  const armed = book.row >= 0;
  if (book.openGroups === 0) {
    if (!armed || !anyLevelInReach(book, t)) return 0;
    book.tpArrayP = takeProfitAt(book, t - 1);
  } else {
    book.tpArrayP = armed ? takeProfitAt(book, t - 1) : Infinity;
    if (armed && book.forceClose[t - 1] !== 0) closeOpenGroups(book, t, book.oP - book.slippage * book.openPrice, book.marketFee, EXIT_REASON.forceClose);
    else if (isQuietBar(book, t)) return 0;
    else gapExits(book, t);
    if (!armed) return 0;
  }
  fillAtOpen(book, t);
  const ambiguous = ambiguity(book);
  book.cP = book.side * book.close[t];
  if (stopSideFirst(book.policy, book.oP, book.hP, book.lP, book.cP)) {
    stopLeg(book, t);
    if (book.openGroups !== 0) takeProfitLeg(book, t, false);
  } else {
    if (book.openGroups !== 0) takeProfitLeg(book, t, false);
    stopLeg(book, t);
    if (book.openGroups !== 0) takeProfitLeg(book, t, true);
  }
  return ambiguous;
}

/** Bar t in position space (a short's high and low swap), and the row of the levels resting during it. */
function loadBar(book: GridBook, t: number): void {
  const s = book.side;
  const open = book.open[t];
  book.openPrice = open;
  book.oP = s * open;
  book.hP = s > 0 ? book.high[t] : -book.low[t];
  book.lP = s > 0 ? book.low[t] : -book.high[t];
  book.row = t - 1 >= book.start ? (t - 1) * book.levelCount : -1;
}

function takeProfitAt(book: GridBook, index: number): number {
  const level = book.takeProfit[index];
  return level === level ? book.side * level : Infinity;
}

/** A flat book acts only when some level (so its nearest one) is at or beyond the bar's position-space low. */
function anyLevelInReach(book: GridBook, t: number): boolean {
  return book.side * nearestAt(book, t - 1) >= book.lP;
}

/** No stop, take-profit or unfilled level lies within the bar's range: nothing can happen. */
function isQuietBar(book: GridBook, t: number): boolean {
  const { lP, hP } = book;
  for (let g = 0; g < book.groupCount; g++) {
    if (book.units[g] !== 0 && (lP <= book.stopP[g] || hP >= takeProfitOf(book, g))) return false;
  }
  if (book.row < 0 || !(book.side * nearestAt(book, t - 1) >= lP)) return true;
  const { side, filled } = book;
  for (let k = 0; k < book.levelCount; k++) if (filled[k] === 0 && side * levelAt(book, t - 1, k) >= lP) return false;
  return true;
}

/** Stops and take-profits the bar opens beyond fill at the open. */
function gapExits(book: GridBook, t: number): void {
  const oP = book.oP;
  for (let g = 0; g < book.groupCount; g++) {
    if (book.units[g] === 0) continue;
    if (oP <= book.stopP[g]) exitGroup(book, g, t, oP - book.slippage * book.openPrice, book.stopFee, EXIT_REASON.stopLoss);
    else if (oP >= takeProfitOf(book, g)) exitGroup(book, g, t, oP, book.takeProfitFee, EXIT_REASON.takeProfit);
  }
}

/** Levels the bar opens beyond fill at the open (a group that exited on this bar waits for the next). */
function fillAtOpen(book: GridBook, t: number): void {
  const { side, oP } = book;
  for (let k = 0; k < book.levelCount; k++) {
    if (oP <= side * levelAt(book, t - 1, k) && book.filled[k] === 0 && book.lastExit[(k / book.groupSize) | 0] !== t) fillLevel(book, k, t, oP);
  }
}

function ambiguity(book: GridBook): number {
  const { lP, hP } = book;
  let ambiguous = 0;
  for (let g = 0; g < book.groupCount; g++) {
    if (book.units[g] !== 0 && lP <= book.stopP[g] && hP >= takeProfitOf(book, g)) ambiguous = 1;
  }
  return ambiguous;
}

/** From the open to the bar's low: levels fill at their price, nearest first, unless the stop comes first; then the stop. */
function stopLeg(book: GridBook, t: number): void {
  const { side, oP, lP, groupSize, filled } = book;
  for (let g = 0; g < book.groupCount; g++) {
    if (book.lastExit[g] === t) continue;
    for (let k = g * groupSize; k < (g + 1) * groupSize; k++) {
      const levelP = side * levelAt(book, t - 1, k);
      if (!(levelP < oP && levelP >= lP) || filled[k] !== 0) continue;
      if (book.units[g] !== 0 && book.stopP[g] >= levelP) break;
      fillLevel(book, k, t, levelP);
      if (filled[k] !== 0) book.lastIntrabarFill[g] = t;
    }
    if (book.units[g] === 0) continue;
    const stopP = book.stopP[g];
    if (lP <= stopP) exitGroup(book, g, t, stopP - book.slippage * (stopP < 0 ? -stopP : stopP), book.stopFee, EXIT_REASON.stopLoss);
  }
}

/**
 * Take-profit side of the path, up to the high (or the close when `toClose`). Under the pessimistic policy a group
 * that filled a level inside this bar only takes profit when the close is beyond its take-profit: the bar may
 * have made its high before the fill.
 */
function takeProfitLeg(book: GridBook, t: number, toClose: boolean): void {
  const closeP = book.cP;
  const toP = toClose ? closeP : book.hP;
  for (let g = 0; g < book.groupCount; g++) {
    if (book.units[g] === 0) continue;
    const tpP = takeProfitOf(book, g);
    const reachP = book.pessimistic && book.lastIntrabarFill[g] === t ? closeP : toP;
    if (reachP >= tpP) exitGroup(book, g, t, tpP, book.takeProfitFee, EXIT_REASON.takeProfit);
  }
}
