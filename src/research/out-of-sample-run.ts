/**
 * Re-runs one param set on the OOS windows and keeps what the candidate report needs: per-window metrics, the
 * concatenated per-bar returns (DSR), per-trade returns (Monte Carlo), the chained OOS equity and the aggregate
 * metrics of all OOS trades.
 */
import { barsPerYear, type Candles, type Timeframe } from '../core/index.js';
import { computeMetrics, createKernelScratch, TradeBuffers, tradesToObjects, type Metrics, type Trade } from '../engine/index.js';
import type { IndicatorCache } from '../indicators/index.js';
import { evaluatePlan, planStrategy, type ExecutionOptions } from '../strategies/index.js';
import type { WalkForwardWindow } from './walk-forward-split.js';

export interface OutOfSampleRun {
  /** Metrics per OOS window, window order. */
  windows: Metrics[];
  /** Per-bar OOS returns of every window, concatenated (no return across a window boundary). */
  barReturns: Float64Array;
  /** Per-trade net returns of every OOS trade, in time order. */
  tradeReturns: Float64Array;
  /** Chained OOS equity (starts at 1) at each OOS bar's close, with the bar's open time. */
  equityTime: Float64Array;
  equity: Float64Array;
  /** Metrics of the chained OOS equity and all OOS trades together. */
  aggregate: Metrics;
  /** Trades of the last OOS window (plain objects, times in epoch ms). */
  lastWindowTrades: Trade[];
}

export interface OutOfSampleInput {
  candles: Candles;
  tf: Timeframe;
  strategyId: string;
  params: Readonly<Record<string, number | string | boolean>>;
  windows: readonly WalkForwardWindow[];
  execution: ExecutionOptions;
  cache: IndicatorCache;
}

/** Runs `params` on each OOS window (one plan on the full candles) and concatenates the results. */
export function runOutOfSample(input: OutOfSampleInput): OutOfSampleRun {
  const { candles, windows } = input;
  const plan = planStrategy(candles, input.strategyId, input.params, { cache: input.cache, timeframe: input.tf });
  const options: ExecutionOptions = { timeframe: input.tf, ...input.execution };
  let totalBars = 0;
  for (const window of windows) totalBars += window.oosEnd - window.oosStart;
  const equity = new Float64Array(totalBars);
  const equityTime = new Float64Array(totalBars);
  const barReturns = new Float64Array(Math.max(0, totalBars - windows.length));
  const trades = new TradeBuffers(64);
  const scratch = createKernelScratch(totalBars > 0 ? windows[0].oosEnd - windows[0].oosStart : 1);
  const perWindow: Metrics[] = [];
  let lastWindowTrades: Trade[] = [];
  let offset = 0;
  let returnOffset = 0;
  let level = 1;
  let barsInPosition = 0;
  let ambiguousBars = 0;
  for (let w = 0; w < windows.length; w++) {
    const window = windows[w];
    const { result, metrics } = evaluatePlan(candles, plan, options, { start: window.oosStart, end: window.oosEnd }, scratch);
    perWindow.push(metrics);
    const windowEquity = result.equity;
    const first = windowEquity[0];
    for (let i = 0; i < windowEquity.length; i++) {
      equity[offset + i] = first > 0 ? (level * windowEquity[i]) / first : level;
      equityTime[offset + i] = candles.timestamp[window.oosStart + i];
      if (i > 0) barReturns[returnOffset++] = windowEquity[i - 1] > 0 ? windowEquity[i] / windowEquity[i - 1] - 1 : 0;
    }
    offset += windowEquity.length;
    level = equity[offset - 1];
    barsInPosition += result.barsInPosition;
    ambiguousBars += result.ambiguousBars;
    const t = result.trades;
    for (let i = 0; i < t.count; i++) {
      t.entryIndex[i] += window.oosStart;
      t.exitIndex[i] += window.oosStart;
      trades.append(t.side[i], t.entryIndex[i], t.exitIndex[i], t.entryTime[i], t.exitTime[i], t.entryPrice[i], t.exitPrice[i],
        t.size[i], t.pnl[i], t.return[i], t.fees[i], t.funding[i], t.exitReason[i], t.levelsFilled[i]);
    }
    if (w === windows.length - 1) lastWindowTrades = tradesToObjects(t);
  }
  const aggregate = computeMetrics(equity, trades, {
    barsPerYear: options.barsPerYear ?? barsPerYear(input.tf),
    ambiguousBars,
    barsInPosition,
  });
  return {
    windows: perWindow,
    barReturns: barReturns.subarray(0, returnOffset),
    tradeReturns: trades.return.slice(0, trades.count),
    equityTime,
    equity,
    aggregate,
    lastWindowTrades,
  };
}
