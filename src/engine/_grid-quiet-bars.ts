import { levelAt, nearestAt, type GridBook } from './_grid-book.js';
import { nearestScaledLevel } from './nearest-levels.js';
import { markOpen } from './_grid-ledger.js';

/**
 * Runs of bars on which `stepBook` would only mark: the kernel skips them in tight loops that mark the equity
 * exactly as the per-bar path does. A flat book is quiet on a bar unless it is armed and some level is at or
 * beyond the bar's position-space low; an open book is quiet unless a force close is pending, or a stop,
 * take-profit or unfilled level lies within the bar's range (see `isQuietBar` in _grid-bar-path.ts). "In reach" is tested on the bar's nearest level first
 * (nearest-levels.ts): one comparison per bar on the flat stretches that make up most of a run.
 */

/** For a flat book: the first bar in [from, end) on which it can act (its nearest level in reach), else `end`. */
export function firstActiveBar(book: GridBook, from: number, end: number): number {
  if (book.nearestFromLine) return firstActiveBarOnLine(book, from, end);
  const nearest = book.nearest;
  let t = Math.max(from, book.start + 1);
  if (book.side > 0) {
    const low = book.low;
    while (t < end && !(nearest[t - 1] >= low[t])) t++;
  } else {
    const high = book.high;
    while (t < end && !(nearest[t - 1] <= high[t])) t++;
  }
  return t;
}

/** `firstActiveBar` of scaled levels without a nearest array: the nearest level computed from the line per bar. */
function firstActiveBarOnLine(book: GridBook, from: number, end: number): number {
  const { scaleCenter: center, highFactor, lowFactor } = book;
  let t = Math.max(from, book.start + 1);
  if (book.side > 0) {
    const low = book.low;
    while (t < end && !(nearestScaledLevel(center[t - 1], highFactor, lowFactor, 1) >= low[t])) t++;
  } else {
    const high = book.high;
    while (t < end && !(nearestScaledLevel(center[t - 1], highFactor, lowFactor, -1) <= high[t])) t++;
  }
  return t;
}

/**
 * Whether an open book would do nothing but mark on bar t: no pending force close, every open group's stop and
 * take-profit outside the bar's range, and no unfilled level within it. An open book is always armed (it
 * filled on an armed bar).
 */
export function isOpenBookQuiet(book: GridBook, t: number): boolean {
  const s = book.side;
  // Position space: a short's high is -low and its low -high.
  const hP = s * (s > 0 ? book.high : book.low)[t];
  const lP = s * (s > 0 ? book.low : book.high)[t];
  if (book.forceClose[t - 1] !== 0) return false;
  const tpLevel = book.takeProfit[t - 1];
  const tpArrayP = tpLevel === tpLevel ? s * tpLevel : Infinity;
  for (let g = 0; g < book.groupCount; g++) {
    if (book.units[g] === 0) continue;
    const pctP = book.pctTakeProfitP[g];
    if (lP <= book.stopP[g] || hP >= (pctP < tpArrayP ? pctP : tpArrayP)) return false;
  }
  // No level at all within the bar's range (the nearest one is not): the common case, one comparison.
  if (!(s * nearestAt(book, t - 1) >= lP)) return true;
  const filled = book.filled;
  for (let k = 0; k < book.levelCount; k++) if (filled[k] === 0 && s * levelAt(book, t - 1, k) >= lP) return false;
  return true;
}

/** Whether a flat book would do nothing on bar t: not armed yet, or its nearest level out of the bar's range. */
export function isFlatBookQuiet(book: GridBook, t: number): boolean {
  if (t - 1 < book.start) return true;
  return book.side > 0 ? !(nearestAt(book, t - 1) >= book.low[t]) : !(nearestAt(book, t - 1) <= book.high[t]);
}

function isQuietAt(book: GridBook, t: number): boolean {
  return book.openGroups !== 0 ? isOpenBookQuiet(book, t) : isFlatBookQuiet(book, t);
}

/**
 * One open book alone in the kernel: marks `equity[t] = base + open positions at close[t]` through the quiet bars
 * from `from` and returns the first other bar (or `end`). `base` is initial cash + realised.
 */
export function markQuietBars(book: GridBook, from: number, end: number, equity: Float64Array, base: number): number {
  if (book.groupCount === 1) return markQuietGroup(book, null, true, from, end, equity, base, 0);
  const close = book.close;
  let t = from;
  while (t < end && isOpenBookQuiet(book, t)) {
    equity[t] = base + markOpen(book, close[t]);
    t++;
  }
  return t;
}

/**
 * Two books, at least one open: marks `equity[t] = initialCash + first + second` (each book's realised + open
 * positions, in the per-bar path's order) through the bars on which both are quiet; returns the first other bar.
 */
export function markQuietPair(first: GridBook, second: GridBook, from: number, end: number, equity: Float64Array, initialCash: number): number {
  if (second.openGroups === 0 && first.groupCount === 1) return markQuietGroup(first, second, true, from, end, equity, initialCash + first.realized, second.realized);
  if (first.openGroups === 0 && second.groupCount === 1) return markQuietGroup(second, first, false, from, end, equity, initialCash + first.realized, second.realized);
  const close = first.close;
  let t = from;
  while (t < end && isQuietAt(first, t) && isQuietAt(second, t)) {
    const c = close[t];
    const firstMark = first.openGroups === 0 ? 0 : markOpen(first, c);
    const secondMark = second.openGroups === 0 ? 0 : markOpen(second, c);
    equity[t] = initialCash + first.realized + firstMark + (second.realized + secondMark);
    t++;
  }
  return t;
}

/**
 * The common quiet run: one open book with one position group ('average' exits), its stop, take-profit and
 * position held in locals, beside an optional flat book (`flat`, quiet while its nearest level is out of reach).
 * The mark keeps the per-bar path's order: `base + open + (secondRealized + 0)` when the open book is the first,
 * `base + 0 + (secondRealized + open)` when it is the second (base = initial cash + first book's realised).
 */
function markQuietGroup(
  book: GridBook, flat: GridBook | null, openFirst: boolean, from: number, end: number, equity: Float64Array, base: number, secondRealized: number,
): number {
  const s = book.side;
  const { close, forceClose, takeProfit, filled, levelCount } = book;
  const highs = s > 0 ? book.high : book.low;
  const lows = s > 0 ? book.low : book.high;
  const stopP = book.stopP[0];
  const pctP = book.pctTakeProfitP[0];
  const units = book.units[0];
  const cost = book.cost[0];
  const flatSide = flat === null ? 0 : flat.side;
  const flatLows = flat === null ? lows : flatSide > 0 ? flat.low : flat.high;
  let t = from;
  for (; t < end; t++) {
    const hP = s * highs[t];
    const lP = s * lows[t];
    if (forceClose[t - 1] !== 0 || lP <= stopP) break;
    const tpLevel = takeProfit[t - 1];
    const tpArrayP = tpLevel === tpLevel ? s * tpLevel : Infinity;
    if (hP >= (pctP < tpArrayP ? pctP : tpArrayP)) break;
    if (s * nearestAt(book, t - 1) >= lP) {
      let reach = false;
      for (let k = 0; k < levelCount; k++) if (filled[k] === 0 && s * levelAt(book, t - 1, k) >= lP) reach = true;
      if (reach) break;
    }
    if (flat !== null && t - 1 >= flat.start && flatSide * nearestAt(flat, t - 1) >= flatSide * flatLows[t]) break;
    // markOpen of one group: 0 + (units x side x close - cost).
    const mark = 0 + (units * s * close[t] - cost);
    equity[t] = flat === null ? base + mark : openFirst ? base + mark + (secondRealized + 0) : base + 0 + (secondRealized + mark);
  }
  return t;
}
