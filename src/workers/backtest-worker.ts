/** Worker-thread entry of the backtest pool (piscina loads the compiled dist/workers/backtest-worker.js). */
import { runBacktestTask, type BacktestTask } from './backtest-task.js';

export default function backtestWorker(task: BacktestTask): unknown {
  return runBacktestTask(task);
}
