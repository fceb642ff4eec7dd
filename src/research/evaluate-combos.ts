/**
 * Walk-forward evaluation of a batch of combos: for each combo ONE plan is built on the full candles (indicators
 * are causal, so a window only ever sees bars up to its own end through the kernel) and the plan runs on every
 * IS and OOS window (views, no copies). The IS runs give the statistic each window chooses on; the OOS runs are a
 * diagnostic (heatmaps, the trial Sharpes of the Deflated Sharpe, CSCV blocks) and never feed a choice. The
 * result per combo is small and serialisable, so batches can run in worker threads.
 */
import { barsPerYear, type Candles, type Timeframe } from '../core/index.js';
import { perBarSharpeFromMoments, sharedKernelScratch, type KernelScratch } from '../engine/index.js';
import { IndicatorCache } from '../indicators/index.js';
import { planStrategy, releasePlan, runPlan, scorePlan, type ExecutionOptions, type StrategyParams, type StrategyPlan } from '../strategies/index.js';
import { addToBlocks, blockLayout, type BlockLayout, type BlockSums } from './cscv-blocks.js';
import { comboKey, type Combo } from './parameter-grid.js';
import type { WalkForwardWindow } from './walk-forward-split.js';

/** Walk-forward statistics of one combo. Sharpe values are annualised unless named per bar. */
export interface ComboSummary {
  combo: Combo;
  key: string;
  /** The strategy defaults with the combo applied: what the plan ran with. */
  params: Record<string, number | string | boolean>;
  /** Per window, window order: what a window chooses on (IS) ... */
  isTStat: number[];
  isSharpe: number[];
  isTrades: number[];
  /** ... and, as a diagnostic, what the combo did out of sample. */
  oosSharpe: number[];
  oosReturn: number[];
  oosTrades: number[];
  /** Diagnostic over every OOS window: per-bar Sharpe (sample std) of the concatenated returns, annualised. */
  oosBarSharpe: number;
  oosSharpeAnnualised: number;
  /** prod(1 + window return) - 1 and the sum of OOS trades. */
  chainedOosReturn: number;
  totalOosTrades: number;
  /** CSCV block sums and sums of squares of the concatenated OOS per-bar returns (see cscv-blocks.ts). */
  blockSums: number[];
  blockSquares: number[];
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
  /** CSCV partitions of the concatenated OOS bars. */
  partitions: number;
  /** Indicator cache bound to `candles`, shared by every batch on the same candles (a fresh one by default). */
  cache?: IndicatorCache;
}

/** Returns of the concatenated OOS windows: each window contributes its bars after the first. */
export function oosReturnCount(windows: readonly WalkForwardWindow[]): number {
  let count = 0;
  for (const window of windows) count += Math.max(0, window.oosEnd - window.oosStart - 1);
  return count;
}

/** Per-bar t-statistic mean / sample std x sqrt(n) of a run's returns; 0 when they never vary. */
export function tStatFromMoments(sum: number, squares: number, count: number): number {
  return perBarSharpeFromMoments(sum, squares, count) * Math.sqrt(Math.max(0, count));
}

function emptySummary(combo: Combo, params: Record<string, number | string | boolean>, partitions: number, error?: string): ComboSummary {
  return {
    combo, key: comboKey(combo), params,
    isTStat: [], isSharpe: [], isTrades: [], oosSharpe: [], oosReturn: [], oosTrades: [],
    oosBarSharpe: Number.NaN, oosSharpeAnnualised: Number.NaN, chainedOosReturn: 0, totalOosTrades: 0,
    blockSums: new Array<number>(partitions).fill(0), blockSquares: new Array<number>(partitions).fill(0), error,
  };
}

interface RunContext {
  candles: Candles;
  options: ExecutionOptions;
  scratch: KernelScratch;
  annualise: number;
  layout: BlockLayout;
}

/** The IS run of one window: the choice statistic, scored without writing an equity curve. */
function scoreInSample(context: RunContext, plan: StrategyPlan, window: WalkForwardWindow, summary: ComboSummary): void {
  const is = scorePlan(context.candles, plan, context.options, { start: window.isStart, end: window.isEnd }, context.scratch);
  summary.isTStat.push(tStatFromMoments(is.returnSum, is.returnSquares, is.returnCount));
  summary.isSharpe.push(is.sharpe);
  summary.isTrades.push(is.trades);
}

/** The OOS run of one window (diagnostic): window statistics and the CSCV blocks; returns the window's moments. */
function runOutOfSampleWindow(context: RunContext, plan: StrategyPlan, window: WalkForwardWindow, offset: number, blocks: BlockSums, summary: ComboSummary): [number, number, number] {
  const result = runPlan(context.candles, plan, context.options, { start: window.oosStart, end: window.oosEnd }, context.scratch);
  const equity = result.equity;
  const count = Math.max(0, equity.length - 1);
  const [sum, squares] = addToBlocks(equity, offset, context.layout, blocks);
  summary.oosSharpe.push(perBarSharpeFromMoments(sum, squares, count) * context.annualise);
  summary.oosReturn.push(equity.length > 0 && equity[0] > 0 ? equity[equity.length - 1] / equity[0] - 1 : 0);
  summary.oosTrades.push(result.trades.count);
  return [sum, squares, count];
}

function evaluateOne(input: EvaluateCombosInput, context: RunContext, cache: IndicatorCache, combo: Combo): ComboSummary {
  const params = { ...input.defaults, ...combo } as Record<string, number | string | boolean>;
  let plan: StrategyPlan;
  try {
    plan = planStrategy(context.candles, input.strategyId, params, { cache, timeframe: input.tf });
  } catch (error) {
    return emptySummary(combo, params, input.partitions, error instanceof Error ? error.message : String(error));
  }
  const summary = emptySummary(combo, params, input.partitions);
  const blocks = { sums: new Float64Array(input.partitions), squares: new Float64Array(input.partitions) };
  let sum = 0;
  let squares = 0;
  let count = 0;
  for (const window of input.windows) {
    scoreInSample(context, plan, window, summary);
    const [windowSum, windowSquares, windowCount] = runOutOfSampleWindow(context, plan, window, count, blocks, summary);
    sum += windowSum;
    squares += windowSquares;
    count += windowCount;
  }
  releasePlan(plan);
  summary.oosBarSharpe = perBarSharpeFromMoments(sum, squares, count);
  summary.oosSharpeAnnualised = summary.oosBarSharpe * context.annualise;
  summary.chainedOosReturn = summary.oosReturn.reduce((level, r) => level * (1 + r), 1) - 1;
  summary.totalOosTrades = summary.oosTrades.reduce((a, b) => a + b, 0);
  summary.blockSums = Array.from(blocks.sums);
  summary.blockSquares = Array.from(blocks.squares);
  return summary;
}

/** Evaluates every combo of the batch on every window. A combo whose params the strategy rejects is kept with `error`. */
export function evaluateCombos(input: EvaluateCombosInput): ComboSummary[] {
  const { candles, windows, execution } = input;
  const cache = input.cache ?? new IndicatorCache(candles);
  const longest = windows.reduce((most, w) => Math.max(most, w.isEnd - w.isStart, w.oosEnd - w.oosStart), 1);
  const context: RunContext = {
    candles,
    options: { timeframe: input.tf, ...execution },
    scratch: sharedKernelScratch(longest),
    annualise: Math.sqrt(execution.barsPerYear ?? barsPerYear(input.tf)),
    layout: blockLayout(oosReturnCount(windows), input.partitions),
  };
  return input.combos.map((combo) => evaluateOne(input, context, cache, combo));
}
