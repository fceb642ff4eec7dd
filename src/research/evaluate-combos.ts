/**
 * Walk-forward evaluation of a batch of combos: for each combo ONE plan is built on the full candles (indicators
 * are causal, so a window only ever sees bars up to its own end through the kernel) and the plan is run on every
 * IS and OOS window through `scorePlan` (the kernel plus the few statistics ranked on) on sub-ranges (views, no copies). The result per combo is small and
 * serialisable, so batches can run in worker threads.
 */
import { barsPerYear, type Candles, type Timeframe } from '../core/index.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import { createKernelScratch } from '../engine/index.js';
import { IndicatorCache } from '../indicators/index.js';
import { planStrategy, releasePlan, scorePlan, type ExecutionOptions, type StrategyParams } from '../strategies/index.js';
import { comboKey, type Combo } from './parameter-grid.js';
import type { WalkForwardWindow } from './walk-forward-split.js';

export type ComboScoreWeights = BacktestConfig['combo_score'];

/** Walk-forward aggregates of one combo. Sharpe values are annualised unless named per bar. */
export interface ComboSummary {
  combo: Combo;
  key: string;
  /** The strategy defaults with the combo applied: what the plan ran with. */
  params: Record<string, number | string | boolean>;
  /** Per window, in window order. */
  isSharpe: number[];
  isReturn: number[];
  isTrades: number[];
  oosSharpe: number[];
  oosReturn: number[];
  oosTrades: number[];
  medianIsSharpe: number;
  medianOosSharpe: number;
  /** medianOosSharpe / medianIsSharpe; null when the IS Sharpe is not positive. */
  oosIsRatio: number | null;
  /** Share of OOS windows with a positive return. */
  consistency: number;
  /** Sum of OOS trades over the windows. */
  totalOosTrades: number;
  /** Chained OOS return: prod(1 + window return) - 1. */
  chainedOosReturn: number;
  /** Sharpe of the concatenated OOS per-bar returns (sample std), per bar and annualised. */
  oosBarSharpe: number;
  oosSharpeAnnualised: number;
  /** Composite ranking score; NaN for a combo that could not run. */
  comboScore: number;
  /** Why the combo could not run (invalid params for the strategy...), else undefined. */
  error?: string;
}

export interface EvaluateCombosInput {
  candles: Candles;
  tf: Timeframe;
  strategyId: string;
  /** Base params: entry defaults; each combo overrides its grid keys. */
  defaults: StrategyParams;
  combos: readonly Combo[];
  windows: readonly WalkForwardWindow[];
  execution: ExecutionOptions;
  comboScore: ComboScoreWeights;
  /** Indicator cache bound to `candles`, shared by every batch on the same candles (a fresh one by default). */
  cache?: IndicatorCache;
}

/** Median of a small array (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * combo_score = w_sharpe x annualised OOS Sharpe + w_consistency x consistency + w_trades x min(1, OOS trades /
 * min_trades): rewards out-of-sample edge, windows that agree, and enough trades to believe either.
 */
export function comboScore(summary: Pick<ComboSummary, 'oosSharpeAnnualised' | 'consistency' | 'totalOosTrades'>, weights: ComboScoreWeights): number {
  const sharpe = Number.isFinite(summary.oosSharpeAnnualised) ? summary.oosSharpeAnnualised : 0;
  return (
    weights.oos_sharpe * sharpe +
    weights.consistency * summary.consistency +
    weights.trades * Math.min(1, summary.totalOosTrades / weights.min_trades)
  );
}

function emptySummary(combo: Combo, params: Record<string, number | string | boolean>, error?: string): ComboSummary {
  return {
    combo, key: comboKey(combo), params,
    isSharpe: [], isReturn: [], isTrades: [], oosSharpe: [], oosReturn: [], oosTrades: [],
    medianIsSharpe: Number.NaN, medianOosSharpe: Number.NaN, oosIsRatio: null, consistency: 0, totalOosTrades: 0,
    chainedOosReturn: 0, oosBarSharpe: Number.NaN, oosSharpeAnnualised: Number.NaN, comboScore: Number.NaN, error,
  };
}

/** Evaluates every combo of the batch on every window. A combo whose params the strategy rejects is kept with `error`. */
export function evaluateCombos(input: EvaluateCombosInput): ComboSummary[] {
  const { candles, windows, execution } = input;
  const cache = input.cache ?? new IndicatorCache(candles);
  const scratch = createKernelScratch(windows.length > 0 ? windows[0].isEnd - windows[0].isStart : 1);
  const annualise = Math.sqrt(execution.barsPerYear ?? barsPerYear(input.tf));
  const options: ExecutionOptions = { timeframe: input.tf, ...execution };
  return input.combos.map((combo) => {
    const params = { ...input.defaults, ...combo } as Record<string, number | string | boolean>;
    let plan;
    try {
      plan = planStrategy(candles, input.strategyId, params, { cache, timeframe: input.tf });
    } catch (error) {
      return emptySummary(combo, params, error instanceof Error ? error.message : String(error));
    }
    const summary = emptySummary(combo, params);
    let barSum = 0;
    let barSquares = 0;
    let barCount = 0;
    let chained = 1;
    for (const window of windows) {
      const is = scorePlan(candles, plan, options, { start: window.isStart, end: window.isEnd }, scratch);
      summary.isSharpe.push(is.sharpe);
      summary.isReturn.push(is.netReturn);
      summary.isTrades.push(is.trades);
      const oos = scorePlan(candles, plan, options, { start: window.oosStart, end: window.oosEnd }, scratch);
      summary.oosSharpe.push(oos.sharpe);
      summary.oosReturn.push(oos.netReturn);
      summary.oosTrades.push(oos.trades);
      chained *= 1 + oos.netReturn;
      barSum += oos.returnSum;
      barSquares += oos.returnSquares;
      barCount += oos.returnCount;
    }
    releasePlan(plan);
    const mean = barCount > 0 ? barSum / barCount : 0;
    const varianceSample = barCount > 1 ? (barSquares - barCount * mean * mean) / (barCount - 1) : 0;
    summary.oosBarSharpe = varianceSample > 1e-30 ? mean / Math.sqrt(varianceSample) : 0;
    summary.oosSharpeAnnualised = summary.oosBarSharpe * annualise;
    summary.medianIsSharpe = median(summary.isSharpe);
    summary.medianOosSharpe = median(summary.oosSharpe);
    summary.oosIsRatio = summary.medianIsSharpe > 0 ? summary.medianOosSharpe / summary.medianIsSharpe : null;
    summary.consistency = windows.length > 0 ? summary.oosReturn.filter((r) => r > 0).length / windows.length : 0;
    summary.totalOosTrades = summary.oosTrades.reduce((a, b) => a + b, 0);
    summary.chainedOosReturn = chained - 1;
    summary.comboScore = comboScore(summary, input.comboScore);
    return summary;
  });
}
