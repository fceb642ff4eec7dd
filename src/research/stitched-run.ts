/**
 * Runs a sequence of bar ranges, each with its own params, and stitches them into one record: the walk-forward
 * record (each window's IS choice on its OOS window), its IS counterpart, a fixed combo on every OOS window
 * (stability) or the record under other costs (cost stress). Each range starts flat; returns never cross a range
 * boundary. Keeps per-range metrics, the concatenated per-bar returns, per-trade returns, the chained equity and
 * the aggregate metrics of all trades.
 */
import { barsPerYear, type Candles, type Timeframe } from '../core/index.js';
import { computeMetrics, sharedKernelScratch, TradeBuffers, tradesToObjects, type Metrics, type Trade } from '../engine/index.js';
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
  /** Chained equity (starts at 1) at each bar's close (bar open times: `stitchedTimes`). */
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

/**
 * The ranges grouped by params, groups in order of first use: each distinct plan is built once and released as
 * soon as its ranges ran, so one plan is held at a time. A walk-forward often returns to an earlier choice, and
 * holding every window's plan at once took gigabytes on long series (hundreds of windows, dozens of choices).
 */
function rangesByParams(params: readonly RunParams[]): number[][] {
  const groups = new Map<string, number[]>();
  params.forEach((p, r) => {
    const key = comboKey(p as Record<string, number | string>);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [r]);
    else group.push(r);
  });
  return [...groups.values()];
}

/** Running sums of `sizes` (the offset of each part when they are laid end to end). */
function offsetsOf(sizes: readonly number[]): number[] {
  const offsets: number[] = [];
  let sum = 0;
  for (const size of sizes) {
    offsets.push(sum);
    sum += size;
  }
  return offsets;
}

/** The open time of every bar of a stitched run's ranges, in the order of its `equity` (made only where shown). */
export function stitchedTimes(timestamps: Float64Array, ranges: readonly BarRange[]): Float64Array {
  const times = new Float64Array(ranges.reduce((sum, range) => sum + range.end - range.start, 0));
  let offset = 0;
  for (const range of ranges) {
    times.set(timestamps.subarray(range.start, range.end), offset);
    offset += range.end - range.start;
  }
  return times;
}

/** Appends rows [from, to) of `t` to `into`, bar indices moved by `shift`. */
function appendRows(into: TradeBuffers, t: TradeBuffers, from: number, to: number, shift: number): void {
  for (let i = from; i < to; i++) {
    into.append(t.side[i], t.entryIndex[i] + shift, t.exitIndex[i] + shift, t.entryTime[i], t.exitTime[i], t.entryPrice[i], t.exitPrice[i],
      t.size[i], t.pnl[i], t.return[i], t.fees[i], t.funding[i], t.exitReason[i], t.levelsFilled[i]);
  }
}

/**
 * Chains the ranges' equity in place: `equity` holds each range's own curve at its offset; each becomes
 * `level x value / first` where `level` is the chained equity at the end of the ranges before it (1 at first).
 */
function chainInPlace(equity: Float64Array, offsets: readonly number[], lengths: readonly number[]): void {
  let level = 1;
  for (let r = 0; r < offsets.length; r++) {
    const offset = offsets[r];
    const length = lengths[r];
    if (length === 0) continue;
    const first = equity[offset];
    for (let i = 0; i < length; i++) equity[offset + i] = first > 0 ? (level * equity[offset + i]) / first : level;
    level = equity[offset + length - 1];
  }
}

/**
 * Runs each range with its params and stitches the results. Every range starts flat, so ranges run grouped by
 * params (one plan at a time) and are stitched in range order afterwards.
 */
export function runStitched(input: StitchedRunInput): StitchedRun {
  const { candles, ranges } = input;
  if (input.params.length !== ranges.length) throw new RangeError(`runStitched: ${input.params.length} params for ${ranges.length} ranges`);
  const options: ExecutionOptions = { timeframe: input.tf, ...input.execution };
  const lengths = ranges.map((range) => range.end - range.start);
  const offsets = offsetsOf(lengths);
  const returnOffsets = offsetsOf(lengths.map((length) => Math.max(0, length - 1)));
  const totalBars = lengths.reduce((sum, length) => sum + length, 0);
  const equity = new Float64Array(totalBars);
  const barReturns = new Float64Array(Math.max(0, totalBars - ranges.length));
  const scratch = sharedKernelScratch(lengths.reduce((most, length) => Math.max(most, length), 1));
  const perRange = new Array<Metrics>(ranges.length);
  // Trades in run order (grouped by params), bar indices absolute; each range's rows are [tradeStart[r], tradeEnd[r]).
  const collected = new TradeBuffers(64);
  const tradeStart = new Int32Array(ranges.length);
  const tradeEnd = new Int32Array(ranges.length);
  let barsInPosition = 0;
  let ambiguousBars = 0;
  for (const group of rangesByParams(input.params)) {
    const plan = planStrategy(candles, input.strategyId, { ...input.params[group[0]] }, { cache: input.cache, timeframe: input.tf });
    for (const r of group) {
      const range = ranges[r];
      const { result, metrics } = evaluatePlan(candles, plan, options, range, scratch);
      perRange[r] = metrics;
      const rangeEquity = result.equity;
      equity.set(rangeEquity, offsets[r]);
      for (let i = 1, k = returnOffsets[r]; i < rangeEquity.length; i++, k++) barReturns[k] = rangeEquity[i - 1] > 0 ? rangeEquity[i] / rangeEquity[i - 1] - 1 : 0;
      barsInPosition += result.barsInPosition;
      ambiguousBars += result.ambiguousBars;
      tradeStart[r] = collected.count;
      appendRows(collected, result.trades, 0, result.trades.count, range.start);
      tradeEnd[r] = collected.count;
    }
    releasePlan(plan);
  }
  chainInPlace(equity, offsets, lengths);
  const trades = new TradeBuffers(Math.max(64, collected.count));
  for (let r = 0; r < ranges.length; r++) appendRows(trades, collected, tradeStart[r], tradeEnd[r], 0);
  const last = ranges.length - 1;
  const lastTrades = new TradeBuffers(Math.max(1, last >= 0 ? tradeEnd[last] - tradeStart[last] : 0));
  if (last >= 0) appendRows(lastTrades, collected, tradeStart[last], tradeEnd[last], 0);
  const lastRangeTrades = tradesToObjects(lastTrades);
  const returnCount = ranges.length > 0 ? returnOffsets[ranges.length - 1] + Math.max(0, lengths[ranges.length - 1] - 1) : 0;
  const aggregate = computeMetrics(equity, trades, { barsPerYear: options.barsPerYear ?? barsPerYear(input.tf), ambiguousBars, barsInPosition });
  return {
    ranges: perRange, barReturns: barReturns.subarray(0, returnCount), tradeReturns: trades.return.slice(0, trades.count),
    equity, aggregate, barsInPosition, lastRangeTrades,
  };
}
