/** Worker threads for backtests: the pool, shared candle columns and the task runner behind the worker entry. */
export { createBacktestPool, backtestWorkerFile, type BacktestPool, type BacktestPoolOptions } from './backtest-pool.js';
export { shareCandles, candlesFromRef, type SharedCandlesRef } from './shared-candles.js';
export { runBacktestTask, type BacktestTask, type EvaluateTask, type FinishTask, type GradeTask } from './backtest-task.js';
