/**
 * How a walk-forward window chooses its combo: on its in-sample bars only. The statistic is the per-bar
 * t-statistic of the IS returns (dimensionless: the same scale on 1m and 1h). A combo with fewer than
 * `minTrades` IS trades ranks after every combo that has enough; ties go to the smaller combo key, so the choice
 * is deterministic. Combos that could not run never win.
 */
import type { ComboSummary } from './evaluate-combos.js';

/** True when `a` ranks above `b` in window `window`. */
export function ranksAboveInSample(a: ComboSummary, b: ComboSummary, window: number, minTrades: number): boolean {
  const aEnough = a.isTrades[window] >= minTrades;
  const bEnough = b.isTrades[window] >= minTrades;
  if (aEnough !== bEnough) return aEnough;
  if (a.isTStat[window] !== b.isTStat[window]) return a.isTStat[window] > b.isTStat[window];
  return a.key < b.key;
}

/** The `count` best combos of window `window` by the IS rule, best first. */
export function topInSample(combos: readonly ComboSummary[], window: number, count: number, minTrades: number): ComboSummary[] {
  const valid = combos.filter((combo) => combo.error === undefined);
  valid.sort((a, b) => (ranksAboveInSample(a, b, window, minTrades) ? -1 : ranksAboveInSample(b, a, window, minTrades) ? 1 : 0));
  return valid.slice(0, count);
}

/** The IS winner of window `window` among `combos`, or null when none could run. */
export function chooseInSample(combos: readonly ComboSummary[], window: number, minTrades: number): ComboSummary | null {
  let best: ComboSummary | null = null;
  for (const combo of combos) {
    if (combo.error !== undefined) continue;
    if (best === null || ranksAboveInSample(combo, best, window, minTrades)) best = combo;
  }
  return best;
}
