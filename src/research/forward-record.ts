/**
 * The forward (paper) record of a promoted strategy: the same engine, costs and intrabar policy, with the promoted
 * params, on the candles that opened at or after its promotion. Indicators are computed on the whole series given
 * (so the warm-up comes from the bars before the promotion, which the kernel never trades); a candle that opened
 * before `promotedAt` (clock skew, a late backfill) never enters the record.
 */
import { barsPerYear, type Candles, type Timeframe } from '../core/index.js';
import type { CostOptions, Trade } from '../engine/index.js';
import { tradesToObjects } from '../engine/index.js';
import { IndicatorCache } from '../indicators/index.js';
import { evaluatePlan, planStrategy, releasePlan } from '../strategies/index.js';

export interface ForwardRecordInput {
  candles: Candles;
  tf: Timeframe;
  strategyId: string;
  params: Readonly<Record<string, number | string | boolean>>;
  fees: CostOptions;
  /** Epoch ms of the promotion: the first bar of the record is the first candle that opened at or after it. */
  promotedAt: number;
}

export interface ForwardRecord {
  /** Open time of each bar of the record (the first is the first candle at or after the promotion). */
  times: Float64Array;
  /** Equity at each bar's close, starting at 1. */
  equity: Float64Array;
  /** Per-bar simple returns (one fewer than bars): what forwardVerdict judges. */
  returns: Float64Array;
  trades: Trade[];
  netReturn: number;
  maxDrawdown: number;
  /** Annualised Sharpe of the per-bar returns (sample std); 0 below two returns. */
  sharpe: number;
}

/** First index whose candle opened at or after `time` (n when none). */
export function firstBarAtOrAfter(timestamps: Float64Array, time: number): number {
  let low = 0;
  let high = timestamps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timestamps[middle] < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

function sharpeOf(returns: Float64Array, tf: Timeframe): number {
  const n = returns.length;
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += returns[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (returns[i] - mean) ** 2;
  const std = Math.sqrt(squares / (n - 1));
  return std > 0 ? (mean / std) * Math.sqrt(barsPerYear(tf)) : 0;
}

/**
 * Runs the promoted params on the bars since the promotion. Throws the strategy's own error when the params no
 * longer validate (the caller demotes with that reason). An empty record (no bar yet) has no returns.
 */
export function forwardRecord(input: ForwardRecordInput): ForwardRecord {
  const { candles } = input;
  const start = firstBarAtOrAfter(candles.timestamp, input.promotedAt);
  const end = candles.close.length;
  if (start >= end) {
    return { times: new Float64Array(0), equity: new Float64Array(0), returns: new Float64Array(0), trades: [], netReturn: 0, maxDrawdown: 0, sharpe: 0 };
  }
  const plan = planStrategy(candles, input.strategyId, { ...input.params }, { cache: new IndicatorCache(candles), timeframe: input.tf });
  try {
    const { result, metrics } = evaluatePlan(candles, plan, { fees: input.fees, timeframe: input.tf }, { start, end });
    const equity = new Float64Array(result.equity.length);
    const first = result.equity[0];
    for (let i = 0; i < equity.length; i++) equity[i] = first > 0 ? result.equity[i] / first : 1;
    const returns = new Float64Array(Math.max(0, equity.length - 1));
    for (let i = 1; i < equity.length; i++) returns[i - 1] = equity[i - 1] > 0 ? equity[i] / equity[i - 1] - 1 : 0;
    return {
      times: candles.timestamp.slice(start, end), equity, returns, trades: tradesToObjects(result.trades),
      netReturn: metrics.netReturn, maxDrawdown: metrics.maxDrawdown, sharpe: sharpeOf(returns, input.tf),
    };
  } finally {
    releasePlan(plan);
  }
}
