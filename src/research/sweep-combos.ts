/**
 * The rows of a parameter sweep: each combo of a batch planned once on the candles (indicators from the shared
 * cache) and run over all of them, kept as the few numbers a heatmap or a table needs. The worker side of
 * `sweep()` (workers/sweep.ts); research's windowed counterpart is evaluate-combos.ts.
 */
import type { Candles, Timeframe } from '../core/index.js';
import { sharedKernelScratch } from '../engine/index.js';
import { IndicatorCache } from '../indicators/index.js';
import { evaluatePlan, planStrategy, releasePlan, type ExecutionOptions, type StrategyParams } from '../strategies/index.js';
import { finiteOrNull } from './finite.js';
import type { Combo } from './parameter-grid.js';

/** One combo of a sweep: its params (defaults filled in) and its metrics over the whole candles. */
export interface SweepRow {
  /** The combo's values over the base params: what the plan ran with. */
  params: Record<string, number | string | boolean>;
  /** Annualised Sharpe of the per-bar returns (sample std). */
  sharpe: number;
  net_return: number;
  trades: number;
  /** Maximum drawdown, a fraction of the peak. */
  mdd: number;
  /** Profit factor; null without a losing trade (or without trades). */
  pf: number | null;
  win_rate: number;
  /** Why the combo could not run (params the strategy rejects); its metrics are then NaN. */
  error?: string;
}

export interface SweepCombosInput {
  candles: Candles;
  timeframe?: Timeframe;
  strategyId: string;
  /** Base params under every combo (a combo overrides its keys). */
  defaults?: StrategyParams;
  combos: readonly Combo[];
  execution: ExecutionOptions;
  /** Indicator cache bound to `candles`, shared by every batch on them (a fresh one by default). */
  cache?: IndicatorCache;
}

function errorRow(params: SweepRow['params'], error: unknown): SweepRow {
  const message = error instanceof Error ? error.message : String(error);
  return { params, sharpe: Number.NaN, net_return: Number.NaN, trades: 0, mdd: Number.NaN, pf: null, win_rate: Number.NaN, error: message };
}

/** Runs every combo of the batch over the whole candles; rows in combo order. */
export function sweepCombos(input: SweepCombosInput): SweepRow[] {
  const { candles } = input;
  const cache = input.cache ?? new IndicatorCache(candles);
  const scratch = sharedKernelScratch(candles.close.length);
  const options: ExecutionOptions = { timeframe: input.timeframe, ...input.execution };
  return input.combos.map((combo) => {
    const params = { ...input.defaults, ...combo } as SweepRow['params'];
    let plan;
    try {
      plan = planStrategy(candles, input.strategyId, params, { cache, timeframe: input.timeframe });
    } catch (error) {
      return errorRow(params, error);
    }
    const { metrics: m } = evaluatePlan(candles, plan, options, undefined, scratch);
    releasePlan(plan);
    return {
      params, sharpe: m.sharpe, net_return: m.netReturn, trades: m.trades, mdd: m.maxDrawdown,
      pf: m.trades > 0 ? finiteOrNull(m.profitFactor) : null, win_rate: m.winRate,
    };
  });
}
