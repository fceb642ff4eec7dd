import type { GridBook } from './_grid-book.js';
import { positionUnits } from './sizing.js';
import type { TradeBuffers } from './trade-buffers.js';

/**
 * The positions of a grid book: fills, exits (appending one trade per closed group), funding and marking. Prices
 * are in position space; the group of level k is k / groupSize.
 */

/** Fills level `k` at `priceP` on bar t; a level that sizes to zero units (weight 0, lot rounding) does not fill. */
export function fillLevel(book: GridBook, k: number, t: number, priceP: number): void {
  const g = (k / book.groupSize) | 0;
  const { units, cost } = book;
  const price = book.side * priceP;
  if (units[g] === 0) book.cycleEquity[g] = book.equityRef;
  // Dividing the price by the weight scales the sizing notional by it, before lot rounding.
  const size = positionUnits(book.sizing, book.cycleEquity[g], price / book.weights[k], Number.NaN);
  if (size === 0) return;
  if (units[g] === 0) {
    book.firstIndex[g] = t;
    book.filledCount[g] = 0;
    book.fees[g] = 0;
    book.funding[g] = 0;
    book.openGroups++;
  }
  const fee = book.limitEntryFee * size * price;
  book.filled[k] = 1;
  units[g] += size;
  cost[g] += size * priceP;
  book.fees[g] += fee;
  book.filledCount[g]++;
  book.realized -= fee;
  const average = cost[g] / units[g];
  const distance = average < 0 ? -average : average;
  const stopPct = book.stopPct;
  const tpPct = book.tpPct;
  book.stopP[g] = stopPct === stopPct ? average - stopPct * distance : -Infinity;
  book.pctTakeProfitP[g] = tpPct === tpPct ? average + tpPct * distance : Infinity;
}

/** Closes group g at `exitP` on bar t, paying `feeRate`, and appends its trade; its levels re-arm from the next bar. */
export function exitGroup(book: GridBook, g: number, t: number, exitP: number, feeRate: number, reason: number): void {
  const s = book.side;
  const units = book.units[g];
  const averageP = book.cost[g] / units;
  const exitFee = feeRate * units * s * exitP;
  const gross = units * exitP - book.cost[g];
  const fees = book.fees[g] + exitFee;
  const pnl = gross - fees - book.funding[g];
  const first = book.firstIndex[g];
  const cycleEquity = book.cycleEquity[g];
  (book.trades as TradeBuffers).append(s, first, t, book.timestamp[first], book.timestamp[t], s * averageP, s * exitP, units, pnl,
    cycleEquity > 0 ? pnl / cycleEquity : 0, fees, book.funding[g], reason, book.filledCount[g]);
  book.realized += gross - exitFee;
  book.units[g] = 0;
  book.cost[g] = 0;
  book.lastExit[g] = t;
  book.openGroups--;
  book.filled.fill(0, g * book.groupSize, (g + 1) * book.groupSize);
}

/** Closes every open group at `exitP` (a market order: force close, the final 'end' close). */
export function closeOpenGroups(book: GridBook, t: number, exitP: number, feeRate: number, reason: number): void {
  for (let g = 0; g < book.groupCount; g++) if (book.units[g] !== 0) exitGroup(book, g, t, exitP, feeRate, reason);
}

/** Funding on the open positions at a funding bar's open (real price). */
export function payFunding(book: GridBook, rate: number, open: number): void {
  for (let g = 0; g < book.groupCount; g++) {
    if (book.units[g] === 0) continue;
    const paid = book.side * rate * book.units[g] * open;
    book.funding[g] += paid;
    book.realized -= paid;
  }
}

/** Value of the open positions at a real close price (every group, closed ones adding 0). */
export function markOpen(book: GridBook, close: number): number {
  const { units, cost } = book;
  const s = book.side;
  let value = 0;
  for (let g = 0; g < book.groupCount; g++) value += units[g] * s * close - cost[g];
  return value;
}

/** The nearer of group g's pct take-profit and the take-profit array's level of the bar being stepped. */
export function takeProfitOf(book: GridBook, g: number): number {
  const pctP = book.pctTakeProfitP[g];
  const arrayP = book.tpArrayP;
  return pctP < arrayP ? pctP : arrayP;
}
