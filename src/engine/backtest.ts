import { barsPerYear as timeframeBarsPerYear, type Candles, type Timeframe } from '../core/index.js';
import { computeMetrics, type Metrics } from './metrics.js';
import { runMonoKernel } from './mono-kernel.js';
import type { MonoKernelOptions, Signals } from './mono-options.js';
import { tradesToObjects, type Trade } from './trade-buffers.js';

/**
 * Options of `backtest()`: every mono-kernel option (initialCash 10_000, fees {maker, taker, slippage} default 0,
 * sizing default all-in fraction 1 at 1x, intrabar default 'pessimistic', stopLossPct / takeProfitPct /
 * trailingStopPct, startIndex, funding...) plus the bar frequency used to annualise Sharpe and Sortino:
 * `barsPerYear`, or `timeframe` (e.g. '5m'). Without either, it is inferred from the first two timestamps.
 */
export interface BacktestOptions extends MonoKernelOptions {
  barsPerYear?: number;
  timeframe?: Timeframe;
}

export interface BacktestResult {
  trades: Trade[];
  /** Cash + open position marked at every bar's close. */
  equity: Float64Array;
  metrics: Metrics;
}

/**
 * Library entry point: runs the mono-position kernel on `candles` with `signals` (see `runMonoKernel` for the
 * fill rules) and returns plain trade objects, the equity curve and the metrics.
 *
 * @example
 * const { metrics } = backtest(candles, { enterLong, exitLong }, { timeframe: '5m', fees: { taker: 0.0005 } });
 */
export function backtest(candles: Candles, signals: Signals, options: BacktestOptions = {}): BacktestResult {
  const result = runMonoKernel(candles, signals, options);
  const metrics = computeMetrics(result.equity, result.trades, {
    barsPerYear: resolveBarsPerYear(candles, options),
    timestamps: candles.timestamp,
    ambiguousBars: result.ambiguousBars,
    barsInPosition: result.barsInPosition,
    returnSum: result.returnSum,
    returnSquares: result.returnSquares,
    returnDownsideSquares: result.returnDownsideSquares,
  });
  return { trades: tradesToObjects(result.trades), equity: result.equity, metrics };
}

function resolveBarsPerYear(candles: Candles, options: BacktestOptions): number {
  if (options.barsPerYear !== undefined) {
    if (!(options.barsPerYear > 0)) throw new RangeError(`backtest: barsPerYear must be > 0, was ${options.barsPerYear}`);
    return options.barsPerYear;
  }
  if (options.timeframe !== undefined) return timeframeBarsPerYear(options.timeframe);
  const step = candles.timestamp.length > 1 ? candles.timestamp[1] - candles.timestamp[0] : 0;
  if (!(step > 0)) throw new RangeError('backtest: pass options.timeframe or options.barsPerYear (cannot infer the bar frequency from the timestamps)');
  return (365 * 86_400_000) / step;
}
