import { sliceCandles, type Candles, type Timeframe } from '../core/index.js';
import {
  addReturnMoments,
  computeMetrics,
  sharpeFromMoments,
  runGridKernel,
  runMonoKernel,
  type CostOptions,
  type FundingOptions,
  type GridLevels,
  type IntrabarPolicy,
  type KernelResult,
  type KernelScratch,
  type Metrics,
  type Signals,
  type SizingOptions,
} from '../engine/index.js';
import { resolveBarsPerYear } from './_bars-per-year.js';
import type { StrategyPlan } from './strategy.js';

/** How a plan is executed: everything the strategy does not own. */
export interface ExecutionOptions {
  /** Default 10_000. */
  initialCash?: number;
  fees?: CostOptions;
  sizing?: SizingOptions;
  /** Default 'pessimistic'. */
  intrabar?: IntrabarPolicy;
  funding?: FundingOptions;
  /** Annualisation of Sharpe / Sortino: `barsPerYear`, or `timeframe`, else inferred from the first two bars. */
  barsPerYear?: number;
  timeframe?: Timeframe;
}

/** A half-open bar range [start, end) of the candles a plan was built on. */
export interface BarRange {
  start: number;
  end: number;
}

export interface PlanEvaluation {
  /** Kernel output; trade indices are relative to `range.start`. Views into `scratch` when one was passed. */
  result: KernelResult;
  metrics: Metrics;
}

/**
 * Runs the kernel of a plan on `candles[range.start, range.end)` (views, no copies): research scores the IS and
 * OOS windows of one combo from one plan. The window starts flat with `initialCash`; signals and levels of bars
 * before the window are ignored; the plan's warm-up still applies (`startIndex - range.start` inside the window).
 * Pass a `scratch` to reuse the equity and trade buffers across calls.
 */
export function evaluatePlan(
  candles: Candles,
  plan: StrategyPlan,
  options: ExecutionOptions = {},
  range: BarRange = { start: 0, end: candles.close.length },
  scratch?: KernelScratch,
): PlanEvaluation {
  const result = runPlan(candles, plan, options, range, scratch);
  const metrics = computeMetrics(result.equity, result.trades, {
    barsPerYear: resolveBarsPerYear(candles, options),
    timestamps: candles.timestamp.subarray(range.start, range.end),
    ambiguousBars: result.ambiguousBars,
    barsInPosition: result.barsInPosition,
    returnSum: result.returnSum,
    returnSquares: result.returnSquares,
    returnDownsideSquares: result.returnDownsideSquares,
  });
  return { result, metrics };
}

/** What a grid search keeps of one window run: the kernel output, Sharpe, net return, trades and return sums. */
export interface PlanScore {
  /** Kernel output; for a mono plan `equity` is empty and trade times are unset (the kernel ran `scoreOnly`). */
  result: KernelResult;
  /** Annualised, exactly as `evaluatePlan(...).metrics.sharpe`. */
  sharpe: number;
  /** As `metrics.netReturn`. */
  netReturn: number;
  trades: number;
  /** Sum and sum of squares of the per-bar simple returns, and their count (equity length - 1). */
  returnSum: number;
  returnSquares: number;
  returnCount: number;
}

const moments = new Float64Array(3);

/**
 * `evaluatePlan` for the inner loop of a grid search: the same kernel run, but only the statistics research
 * ranks on (the mono kernel accumulates the return moments while marking; other kernels take one pass over the
 * equity instead of every metric).
 */
export function scorePlan(
  candles: Candles,
  plan: StrategyPlan,
  options: ExecutionOptions = {},
  range: BarRange = { start: 0, end: candles.close.length },
  scratch?: KernelScratch,
): PlanScore {
  const result = kernelRun(candles, plan, options, range, scratch, true);
  const equity = result.equity;
  const n = range.end - range.start;
  const returnCount = Math.max(0, n - 1);
  let returnSum = result.returnSum;
  let returnSquares = result.returnSquares;
  if (returnSum === undefined || returnSquares === undefined) {
    // A kernel that does not accumulate the moments while marking (grid): one pass over the equity.
    moments.fill(0);
    if (n > 1) addReturnMoments(equity, moments);
    returnSum = moments[0];
    returnSquares = moments[1];
  }
  const initial = result.firstEquity ?? (n > 0 ? equity[0] : 0);
  const last = result.lastEquity ?? (n > 0 ? equity[n - 1] : 0);
  return {
    result,
    sharpe: sharpeFromMoments(returnSum, returnSquares, returnCount, resolveBarsPerYear(candles, options)),
    netReturn: initial > 0 ? last / initial - 1 : 0,
    trades: result.trades.count,
    returnSum,
    returnSquares,
    returnCount,
  };
}

/** The kernel run of `evaluatePlan`, without metrics. */
export function runPlan(
  candles: Candles,
  plan: StrategyPlan,
  options: ExecutionOptions = {},
  range: BarRange = { start: 0, end: candles.close.length },
  scratch?: KernelScratch,
): KernelResult {
  return kernelRun(candles, plan, options, range, scratch, false);
}

function kernelRun(candles: Candles, plan: StrategyPlan, options: ExecutionOptions, range: BarRange, scratch: KernelScratch | undefined, scoreOnly: boolean): KernelResult {
  const n = candles.close.length;
  const { start, end } = range;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= n)) {
    throw new RangeError(`evaluatePlan: range [${start}, ${end}) must be integers within [0, ${n}]`);
  }
  const window = start === 0 && end === n ? candles : sliceCandles(candles, start, end);
  const execution = {
    initialCash: options.initialCash,
    fees: options.fees,
    sizing: options.sizing,
    intrabar: options.intrabar,
    funding: options.funding,
    startIndex: Math.max(0, plan.startIndex - start),
  };
  return plan.family === 'mono'
    ? runMonoKernel(window, sliceSignals(plan.signals, start, end), { ...execution, ...plan.options, scoreOnly }, scratch)
    : runGridKernel(window, sliceLevels(plan.levels, start, end), { ...execution, ...plan.options }, scratch);
}

function sliceSignals(signals: Signals, start: number, end: number): Signals {
  const out: Record<string, Uint8Array | Float64Array> = {};
  for (const [key, values] of Object.entries(signals)) if (values !== undefined) out[key] = values.subarray(start, end);
  return out as Signals;
}

function sliceLevels(levels: GridLevels, start: number, end: number): GridLevels {
  const k = levels.levelCount;
  const out: Record<string, unknown> = { levelCount: k };
  for (const key of ['long', 'short'] as const) out[key] = levels[key]?.subarray(start * k, end * k);
  for (const key of ['takeProfit', 'takeProfitLong', 'takeProfitShort', 'forceClose', 'forceCloseLong', 'forceCloseShort', 'nearestLong', 'nearestShort'] as const) {
    out[key] = levels[key]?.subarray(start, end);
  }
  for (const key of ['scaledLong', 'scaledShort'] as const) {
    const scaled = levels[key];
    if (scaled) out[key] = { center: scaled.center.subarray(start, end), factors: scaled.factors };
  }
  return out as unknown as GridLevels;
}
