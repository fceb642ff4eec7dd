/**
 * Walk-forward research of one (candles, strategy, grid): rolling IS/OOS windows (splitWalkForward), a search
 * (full grid or Latin hypercube + fine pass) deciding which combos are evaluated, every evaluated combo scored
 * on every window, the per-window IS winner tested OOS (the classic walk-forward path, Pardo 2008), and the
 * overall best combo by combo_score.
 */
import type { Candles, Timeframe } from '../core/index.js';
import type { BacktestConfig, WindowSpec } from '../config/backtest-config.js';
import { IndicatorCache } from '../indicators/index.js';
import type { ExecutionOptions, StrategyParams } from '../strategies/index.js';
import { evaluateCombos, type ComboSummary } from './evaluate-combos.js';
import type { Combo, ParameterGrid } from './parameter-grid.js';
import { runSearch } from './search.js';
import { selectBest } from './select-best.js';
import { splitWalkForward, windowBarsFromDays, type WalkForwardSplit, type WalkForwardWindow } from './walk-forward-split.js';

/** Window sizes in bars for `tf`: the per-tf override, else the default; day variants are converted. */
export function windowBars(spec: WindowSpec, tf: Timeframe): { isBars: number; oosBars: number; stepBars: number; embargoBars: number } {
  if ('is_bars' in spec) return { isBars: spec.is_bars, oosBars: spec.oos_bars, stepBars: spec.step_bars, embargoBars: spec.embargo_bars };
  return {
    isBars: windowBarsFromDays(spec.is_days, tf),
    oosBars: windowBarsFromDays(spec.oos_days, tf),
    stepBars: windowBarsFromDays(spec.step_days, tf),
    embargoBars: spec.embargo_bars,
  };
}

/** The walk-forward windows of `bars` candles of `tf` under backtest_config's walk_forward block. */
export function planWindows(bars: number, tf: Timeframe, config: BacktestConfig['walk_forward']): WalkForwardSplit {
  return splitWalkForward({ bars, ...windowBars(config.per_tf[tf] ?? config.default, tf) });
}

/** Evaluates a batch of combos (in process by default; a worker pool in a backtest run). */
export type ComboBatchEvaluator = (combos: Combo[]) => Promise<ComboSummary[]> | ComboSummary[];

export interface WalkForwardInput {
  tf: Timeframe;
  strategyId: string;
  grid: ParameterGrid;
  defaults: StrategyParams;
  config: BacktestConfig;
  execution: ExecutionOptions;
  seed: number | string;
}

/** The window's IS winner (objective: IS Sharpe) and how it did out of sample. */
export interface WindowSelection {
  window: number;
  key: string;
  isSharpe: number;
  oosSharpe: number;
  oosReturn: number;
}

export interface WalkForwardResult {
  windows: WalkForwardWindow[];
  search: { mode: 'full' | 'lhs'; gridSize: number; evaluatedCount: number; finePassCount: number };
  /** Every evaluated combo, combo_score descending (invalid combos last). */
  combos: ComboSummary[];
  /** Combos that ran (the DSR's N); invalid combos are excluded. */
  validCount: number;
  best: ComboSummary | null;
  selections: WindowSelection[];
}

/** Per-window IS winners among the evaluated combos. */
export function windowSelections(combos: readonly ComboSummary[], windowCount: number): WindowSelection[] {
  const selections: WindowSelection[] = [];
  for (let w = 0; w < windowCount; w++) {
    let winner: ComboSummary | null = null;
    for (const combo of combos) {
      if (combo.error !== undefined) continue;
      if (winner === null || combo.isSharpe[w] > winner.isSharpe[w] || (combo.isSharpe[w] === winner.isSharpe[w] && combo.key < winner.key)) winner = combo;
    }
    if (winner) {
      selections.push({ window: w, key: winner.key, isSharpe: winner.isSharpe[w], oosSharpe: winner.oosSharpe[w], oosReturn: winner.oosReturn[w] });
    }
  }
  return selections;
}

/**
 * Runs the search on the walk-forward windows. `evaluate` scores batches (default: in this thread with one
 * indicator cache for the whole search). With no window (too little data), returns no combos and `best: null`.
 */
export async function runWalkForward(candles: Candles, input: WalkForwardInput, evaluate?: ComboBatchEvaluator): Promise<WalkForwardResult & { reason: string | null }> {
  const split = planWindows(candles.close.length, input.tf, input.config.walk_forward);
  const windows = split.windows;
  if (windows.length === 0) {
    const search = { mode: 'full' as const, gridSize: 0, evaluatedCount: 0, finePassCount: 0 };
    return { windows, search, combos: [], validCount: 0, best: null, selections: [], reason: split.reason };
  }
  const cache = evaluate ? undefined : new IndicatorCache(candles);
  const evaluator: ComboBatchEvaluator =
    evaluate ??
    ((combos) =>
      evaluateCombos({
        candles, tf: input.tf, strategyId: input.strategyId, defaults: input.defaults, combos, windows,
        execution: input.execution, comboScore: input.config.combo_score, cache,
      }));
  const summaries = new Map<string, ComboSummary>();
  const batchSize = input.config.batch_size;
  const result = await runSearch(
    input.grid,
    { maxFullGrid: input.config.search.max_full_grid, lhsSamples: input.config.search.lhs_samples, topK: input.config.search.top_k, seed: input.seed },
    async (combos) => {
      const batches: Promise<ComboSummary[]>[] = [];
      for (let i = 0; i < combos.length; i += batchSize) batches.push(Promise.resolve(evaluator(combos.slice(i, i + batchSize))));
      const evaluated = (await Promise.all(batches)).flat();
      for (const summary of evaluated) summaries.set(summary.key, summary);
      return evaluated.map((summary) => summary.comboScore);
    },
  );
  const combos = result.evaluated.map((entry) => summaries.get(entry.key)).filter((summary): summary is ComboSummary => summary !== undefined);
  const valid = combos.filter((combo) => combo.error === undefined);
  return {
    windows,
    search: { mode: result.mode, gridSize: result.gridSize, evaluatedCount: result.evaluatedCount, finePassCount: result.finePassCount },
    combos,
    validCount: valid.length,
    best: selectBest(valid),
    selections: windowSelections(valid, windows.length),
    reason: null,
  };
}
