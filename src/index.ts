/**
 * The scalp library API (DESIGN.md section 10): indicators over Float64Array, the backtest engine, the strategy
 * library and the anti-overfitting statistics. Everything here is pure and works in notebooks and scripts.
 */
export * as indicators from './indicators/index.js';
export { IndicatorCache } from './indicators/index.js';
export {
  backtest,
  computeMetrics,
  runMonoKernel,
  runGridKernel,
  barReturns,
  tradeReturns,
  type BacktestOptions,
  type BacktestResult,
  type Metrics,
  type Signals,
  type Trade,
} from './engine/index.js';
export {
  probabilisticSharpe,
  deflatedSharpe,
  expectedMaxSharpe,
  minTrackRecordLength,
} from './research/deflated-sharpe.js';
export { monteCarloTrades } from './research/monte-carlo.js';
export { returnMoments, sharpeRatio } from './research/moments.js';
export { readCandles, writeCandles } from './data/ohlcv-store.js';
export { parseCandlesCsv, readCandlesCsv } from './data/csv-candles.js';
export {
  allocateCandles,
  sliceCandles,
  candlesFromRows,
  barsPerYear,
  timeframeMs,
  TIMEFRAMES,
  ScalpError,
  ConfigError,
  DataIntegrityError,
  type Candles,
  type CandleRow,
  type Timeframe,
} from './core/index.js';
export {
  runStrategy,
  planStrategy,
  evaluatePlan,
  getStrategy,
  STRATEGIES,
  STRATEGY_IDS,
  type StrategyId,
  type StrategyDefinition,
} from './strategies/index.js';
