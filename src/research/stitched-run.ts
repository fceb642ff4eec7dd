/**
 * Runs a sequence of bar ranges, each with its own params, and stitches them into one record: the walk-forward
 * record (each window's IS choice on its OOS window), its IS counterpart, a fixed combo on every OOS window
 * (stability) or the record under other costs (cost stress). Each range starts flat; returns never cross a range
 * boundary. Keeps per-range metrics, the concatenated per-bar returns, per-trade returns, the chained equity and
 * the aggregate metrics of all trades.
 */
import { barsPerYear, type Candles, type Timeframe } from '../core/index.js';
import { computeMetrics, createKernelScratch, TradeBuffers, tradesToObjects, type KernelResult, type Metrics, type Trade } from '../engine/index.js';
import type { IndicatorCache } from '../indicators/index.js';
import { evaluatePlan, planStrategy, releasePlan, type BarRange, type ExecutionOptions, type StrategyPlan } from '../strategies/index.js';
import { comboKey } from './parameter-grid.js';

export type RunParams = Readonly<Record<string, number | string | boolean>>;

export interface StitchedRun {
  /** Metrics per range, range order. */
  ranges: Metrics[];
  /** Per-bar returns of every range, concatenated (range r contributes its bars after the first). */
  barReturns: Float64Array;
  /** Per-trade net returns of every trade, in time order. */
  tradeReturns: Float64Array;
  /** Chained equity (starts at 1) at each bar's close, with the bar's open time. */
  equityTime: Float64Array;
  equity: Float64Array;
  /** Metrics of the chained equity and all trades together. */
  aggregate: Metrics;
  /** Bars marked with an open position, over every range. */
  barsInPosition: number;
  /** Trades of the last range (plain objects, times in epoch ms). */
  lastRangeTrades: Trade[];
}

export interface StitchedRunInput {
  candles: Candles;
  tf: Timeframe;
  strategyId: string;
  ranges: readonly BarRange[];
  /** Params of each range (same length as `ranges`). */
  params: readonly RunParams[];
  execution: ExecutionOptions;
  cache: IndicatorCache;
}

/** One plan per distinct params (a walk-forward often keeps its choice over several windows). */
function plansOf(input: StitchedRunInput): StrategyPlan[] {
  const byKey = new Map<string, StrategyPlan>();
  return input.params.map((params) => {
    const key = comboKey(params as Record<string, number | string>);
    let plan = byKey.get(key);
    if (plan === undefined) {
      plan = planStrategy(input.candles, input.strategyId, { ...params }, { cache: input.cache, timeframe: input.tf });
      byKey.set(key, plan);
    }
    return plan;
  });
}

function appendTrades(into: TradeBuffers, t: KernelResult['trades'], start: number): void {
  for (let i = 0; i < t.count; i++) {
    t.entryIndex[i] += start;
    t.exitIndex[i] += start;
    into.append(t.side[i], t.entryIndex[i], t.exitIndex[i], t.entryTime[i], t.exitTime[i], t.entryPrice[i], t.exitPrice[i],
      t.size[i], t.pnl[i], t.return[i], t.fees[i], t.funding[i], t.exitReason[i], t.levelsFilled[i]);
  }
}

/** Runs each range with its params and stitches the results. */
export function runStitched(input: StitchedRunInput): StitchedRun {
  const { candles, ranges } = input;
  if (input.params.length !== ranges.length) throw new RangeError(`runStitched: ${input.params.length} params for ${ranges.length} ranges`);
  const plans = plansOf(input);
  const options: ExecutionOptions = { timeframe: input.tf, ...input.execution };
  const totalBars = ranges.reduce((sum, range) => sum + range.end - range.start, 0);
  const equity = new Float64Array(totalBars);
  const equityTime = new Float64Array(totalBars);
  const barReturns = new Float64Array(Math.max(0, totalBars - ranges.length));
  const trades = new TradeBuffers(64);
  const scratch = createKernelScratch(ranges.reduce((most, range) => Math.max(most, range.end - range.start), 1));
  const perRange: Metrics[] = [];
  let lastRangeTrades: Trade[] = [];
  let offset = 0;
  let returnOffset = 0;
  let level = 1;
  let barsInPosition = 0;
  let ambiguousBars = 0;
  for (let r = 0; r < ranges.length; r++) {
    const range = ranges[r];
    const { result, metrics } = evaluatePlan(candles, plans[r], options, range, scratch);
    perRange.push(metrics);
    const rangeEquity = result.equity;
    const first = rangeEquity[0];
    for (let i = 0; i < rangeEquity.length; i++) {
      equity[offset + i] = first > 0 ? (level * rangeEquity[i]) / first : level;
      equityTime[offset + i] = candles.timestamp[range.start + i];
      if (i > 0) barReturns[returnOffset++] = rangeEquity[i - 1] > 0 ? rangeEquity[i] / rangeEquity[i - 1] - 1 : 0;
    }
    offset += rangeEquity.length;
    if (offset > 0) level = equity[offset - 1];
    barsInPosition += result.barsInPosition;
    ambiguousBars += result.ambiguousBars;
    appendTrades(trades, result.trades, range.start);
    if (r === ranges.length - 1) lastRangeTrades = tradesToObjects(result.trades);
  }
  for (const plan of new Set(plans)) releasePlan(plan);
  const aggregate = computeMetrics(equity, trades, { barsPerYear: options.barsPerYear ?? barsPerYear(input.tf), ambiguousBars, barsInPosition });
  return {
    ranges: perRange, barReturns: barReturns.subarray(0, returnOffset), tradeReturns: trades.return.slice(0, trades.count),
    equityTime, equity, aggregate, barsInPosition, lastRangeTrades,
  };
}
