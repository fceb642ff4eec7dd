/**
 * The scalp library API (DESIGN.md section 10): indicators over Float64Array, the backtest engine, the strategy
 * library, the anti-overfitting statistics (PSR/DSR, CSCV PBO, MinBTL, Romano-Wolf) and the walk-forward research
 * of one candidate graded with its family. Everything here is pure and works in notebooks and scripts.
 */
export * as indicators from './indicators/index.js';
export { IndicatorCache } from './indicators/index.js';
export {
  backtest,
  computeMetrics,
  runMonoKernel,
  runGridKernel,
  scaledLevelMatrix,
  barReturns,
  tradeReturns,
  type BacktestOptions,
  type BacktestResult,
  type Metrics,
  type Signals,
  type Trade,
  type GridLevels,
  type ScaledLevels,
} from './engine/index.js';
export {
  probabilisticSharpe,
  deflatedSharpe,
  expectedMaxSharpe,
  minTrackRecordLength,
} from './research/deflated-sharpe.js';
export { monteCarloTrades } from './research/monte-carlo.js';
export {
  probabilityOfBacktestOverfitting,
  probabilityOfBacktestOverfittingFromBlocks,
  type BacktestOverfittingInput,
  type BacktestOverfittingBlocksInput,
  type BacktestOverfittingResult,
  type OverfittingMetric,
} from './research/backtest-overfitting.js';
export { minBacktestLength, type MinBacktestLengthInput } from './research/min-backtest-length.js';
export { romanoWolf, defaultBlockLength, type RomanoWolfInput, type RomanoWolfResult } from './research/romano-wolf.js';
export { forwardVerdict, type ForwardVerdict, type ForwardVerdictInput, type PromisedReturns } from './research/forward-verdict.js';
export {
  researchCandidate,
  gradeFamily,
  type ResearchCandidateInput,
  type CandidateEvidence,
  type CandidateResearch,
} from './research/index.js';
export { defaultBacktestConfig, BacktestConfigSchema, type BacktestConfig } from './config/backtest-config.js';
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
export {
  defineUserStrategy as defineStrategy,
  loadUserStrategy,
  checkLookahead,
  syntheticSample,
  listStrategies,
  type UserStrategy,
  type UserStrategyParam,
  type UserStrategyContext,
  type UserSignals,
  type UserSignalArray,
  type GateSample,
  type LookaheadVerdict,
  type LookaheadRefusal,
} from './strategies/index.js';
export { sweep, createSweepPool, type SweepOptions, type SweepMetric, type SweepResultRow } from './workers/index.js';
