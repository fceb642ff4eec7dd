import type { ComboSummary } from './evaluate-combos.js';

/**
 * The best combo by combo_score (higher is better); ties go to more OOS trades, then to the smaller combo key,
 * so the choice is deterministic. Combos with an error or a NaN score never win; null when none is left.
 */
export function selectBest(combos: readonly ComboSummary[]): ComboSummary | null {
  let best: ComboSummary | null = null;
  for (const combo of combos) {
    if (combo.error !== undefined || !Number.isFinite(combo.comboScore)) continue;
    if (best === null || ranksAbove(combo, best)) best = combo;
  }
  return best;
}

function ranksAbove(a: ComboSummary, b: ComboSummary): boolean {
  if (a.comboScore !== b.comboScore) return a.comboScore > b.comboScore;
  if (a.totalOosTrades !== b.totalOosTrades) return a.totalOosTrades > b.totalOosTrades;
  return a.key < b.key;
}
