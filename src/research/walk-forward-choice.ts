/**
 * The choose step of a candidate's research: rolling IS/OOS windows (splitWalkForward), a search deciding which
 * combos are evaluated (search.ts), every evaluated combo run on every window, and in each window the combo with
 * the best IN-SAMPLE statistic (choose-in-sample.ts) - the classic walk-forward of Pardo (2008). Out-of-sample
 * results of the combos are evaluated alongside as a diagnostic (heatmaps, trial Sharpes, CSCV) and never feed a
 * choice: the record of these choices is built in walk-forward-record.ts.
 */
import type { Candles, Timeframe } from '../core/index.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import { IndicatorCache } from '../indicators/index.js';
import type { ExecutionOptions, StrategyParams } from '../strategies/index.js';
import { chooseInSample, topInSample } from './choose-in-sample.js';
import { evaluateCombos, type ComboSummary } from './evaluate-combos.js';
import { comboKey, type Combo, type ParameterGrid } from './parameter-grid.js';
import { finePassByWindow, planSearch } from './search.js';
import { planWindows, type WalkForwardWindow } from './walk-forward-split.js';

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

/** What one window chose, on its IS bars. */
export interface WindowChoice {
  window: number;
  key: string;
  params: Record<string, number | string | boolean>;
  isTStat: number;
  isSharpe: number;
  isTrades: number;
  /** Combos this window chose among (first pass + its own fine pass). */
  candidates: number;
}

export interface WalkForwardChoice {
  windows: WalkForwardWindow[];
  search: { mode: 'full' | 'lhs'; gridSize: number; evaluatedCount: number; finePassCount: number };
  /** Every evaluated combo (first pass, then fine pass), with its diagnostic OOS results. */
  combos: ComboSummary[];
  /** Combos that ran (the candidate's trial count); invalid combos are excluded. */
  validCount: number;
  /** One choice per window, window order. */
  choices: WindowChoice[];
}

async function evaluateInBatches(combos: Combo[], batchSize: number, evaluate: ComboBatchEvaluator): Promise<ComboSummary[]> {
  const batches: Promise<ComboSummary[]>[] = [];
  for (let i = 0; i < combos.length; i += batchSize) batches.push(Promise.resolve(evaluate(combos.slice(i, i + batchSize))));
  return (await Promise.all(batches)).flat();
}

function choiceOf(winner: ComboSummary, window: number, candidates: number): WindowChoice {
  return {
    window, key: winner.key, params: winner.params, isTStat: winner.isTStat[window], isSharpe: winner.isSharpe[window],
    isTrades: winner.isTrades[window], candidates,
  };
}

/**
 * Runs the search on the walk-forward windows and chooses each window's combo on its IS bars. `evaluate` scores
 * batches (default: in this thread with one indicator cache). Throws when there is no window or no combo could run.
 */
export async function chooseWalkForward(candles: Candles, input: WalkForwardInput, evaluate?: ComboBatchEvaluator): Promise<WalkForwardChoice> {
  const split = planWindows(candles.close.length, input.tf, input.config.walk_forward);
  if (split.reason !== null) throw new RangeError(split.reason);
  const windows = split.windows;
  const cache = evaluate ? undefined : new IndicatorCache(candles);
  const evaluator: ComboBatchEvaluator = evaluate ?? ((combos) => evaluateCombos({
    candles, tf: input.tf, strategyId: input.strategyId, defaults: input.defaults, combos, windows,
    execution: input.execution, partitions: input.config.overfitting.partitions, cache,
  }));
  const config = input.config;
  const search = config.search;
  const minTrades = config.selection.min_is_trades;
  const plan = planSearch({ grid: input.grid, maxFullGrid: search.max_full_grid, lhsSamples: search.lhs_samples, topK: search.top_k, seed: input.seed });
  const first = await evaluateInBatches(plan.combos, config.batch_size, evaluator);
  let candidatesOf = (_window: number): ComboSummary[] => first;
  let fine: ComboSummary[] = [];
  if (plan.mode === 'lhs' && search.top_k > 0) {
    const tops = windows.map((_, w) => topInSample(first, w, search.top_k, minTrades).map((summary) => summary.combo));
    const passes = finePassByWindow(input.grid, tops, new Set(first.map((summary) => summary.key)));
    fine = await evaluateInBatches(passes.union, config.batch_size, evaluator);
    const byKey = new Map(fine.map((summary) => [summary.key, summary]));
    candidatesOf = (w) => [...first, ...passes.byWindow[w].map((combo) => byKey.get(comboKey(combo)) as ComboSummary)];
  }
  const combos = [...first, ...fine];
  const valid = combos.filter((combo) => combo.error === undefined);
  if (valid.length === 0) {
    const reason = combos.find((combo) => combo.error !== undefined)?.error ?? 'no combo evaluated';
    throw new RangeError(`${input.strategyId}: no combo of the grid could run (${reason})`);
  }
  const choices = windows.map((_, w) => {
    const candidates = candidatesOf(w);
    return choiceOf(chooseInSample(candidates, w, minTrades) as ComboSummary, w, candidates.length);
  });
  return {
    windows,
    search: { mode: plan.mode, gridSize: plan.gridSize, evaluatedCount: combos.length, finePassCount: fine.length },
    combos, validCount: valid.length, choices,
  };
}
