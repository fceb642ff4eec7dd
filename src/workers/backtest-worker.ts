/** Worker-thread entry of the backtest pool (piscina loads the compiled dist/workers/backtest-worker.js). */
import { ensureStrategiesLoaded } from '../strategies/index.js';
import { runBacktestTask, type BacktestTask } from './backtest-task.js';

export default async function backtestWorker(task: BacktestTask): Promise<unknown> {
  // User strategies registered by the thread that started the pool are imported (once) before any plan.
  await ensureStrategiesLoaded();
  // A sweep of a user strategy registered after the pool started names its module.
  if (task.kind === 'sweep' && task.source !== undefined) await ensureStrategiesLoaded([task.source]);
  return runBacktestTask(task);
}
