/** Worker threads for backtests: the pool, shared candle columns and the task runner behind the worker entry. */
export { createBacktestPool, backtestWorkerFile, type BacktestPool, type BacktestPoolOptions } from './backtest-pool.js';
export { shareCandles, candlesFromRef, type SharedCandlesRef } from './shared-candles.js';
export { runBacktestTask, type BacktestTask, type EvaluateTask, type FinishTask, type GradeTask, type IndicatorsTask, type SweepTask } from './backtest-task.js';
export { openSeries, type SeriesSession } from './series-session.js';
export { indicatorRequests, type PlanSpec } from './indicator-requests.js';
export { createSweepPool, sweep, type SweepMetric, type SweepOptions, type SweepResultRow } from './sweep.js';
