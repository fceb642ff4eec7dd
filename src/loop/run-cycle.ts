import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { loadBacktestConfig } from '../config/backtest-config.js';
import { readActiveSet } from '../promote/index.js';
import type { CycleLogLine, CycleStep } from '../config/cycle-log.js';
import type { Exchange } from '../data/exchange.js';
import { backtestStep, backtestTargets } from './backtest-step.js';
import { appendCycleLog } from './cycle-log.js';
import { runCycleStep, type StepOutcome } from './cycle-step.js';
import { backfillStep, watchlistStep } from './data-steps.js';
import { forwardStep } from './forward-step.js';
import { promoteStep } from './promote-step.js';
import { renderStep } from './render-step.js';
import { registerUserStrategyModules } from './strategy-library.js';
import { collectStatus } from './status-report.js';

export interface CycleOptions {
  readonly config: AppConfig;
  readonly exchange: Exchange;
  /** Stop requested (SIGINT/SIGTERM): the current step finishes, the following ones are not started. */
  readonly stopSignal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** Worker threads for the backtest step (default runtime.workers, 0 = cores). */
  readonly workers?: number;
  /** Called as each step starts (the maintainer writes it into its lock, so a process that meets the lock can say it). */
  readonly onStepStart?: (step: CycleStep['name']) => Promise<void> | void;
}

/**
 * One maintainer cycle (DESIGN.md section 4): watchlist (when older than its period) -> backfill MIS/OLD ->
 * forward test of the active strategies (paper-trade, judge, demote) -> backtest DAT (and OK whose strategy expires within the margin) -> promote -> render. A step that fails is
 * logged and the cycle goes on; the cycle is appended to data/logs/cycles.jsonl.
 */
export async function runCycle(options: CycleOptions): Promise<CycleLogLine> {
  const { config, exchange } = options;
  const log = options.log ?? (() => {});
  const started = new Date();
  const backtestConfig = loadBacktestConfig(config.paths.backtestConfig);
  // A strategies.yml broken by a hand edit stops the loop here, once (exit 2), instead of failing every step.
  readActiveSet(config.paths.strategiesFile);
  const steps: CycleStep[] = [];
  const stopped = () => options.stopSignal?.aborted === true;
  const runStep = async (name: CycleStep['name'], action: () => Promise<StepOutcome>): Promise<CycleStep> => {
    await options.onStepStart?.(name);
    return runCycleStep(name, action, log);
  };

  steps.push(await runStep('watchlist', () => watchlistStep(config, exchange, exchange.now())));
  if (!stopped()) {
    steps.push(
      await runStep('backfill', async () => {
        const status = await collectStatus(config, exchange.now());
        return backfillStep(config, exchange, status.rows.filter((r) => r.state === 'MIS' || r.state === 'OLD'));
      }),
    );
  }
  if (!stopped()) {
    steps.push(
      await runStep('forward', async () => {
        // A promoted user strategy is planned by id: its module must be loaded (the backtest step gates them).
        await registerUserStrategyModules(config);
        return forwardStep(config, backtestConfig, new Date(exchange.now()));
      }),
    );
  }
  if (!stopped()) {
    steps.push(
      await runStep('backtest', async () => {
        const status = await collectStatus(config, exchange.now());
        const targets = backtestTargets(status.rows, exchange.now(), backtestConfig);
        return backtestStep(config, targets, { workers: options.workers, log });
      }),
    );
  }
  if (!stopped()) steps.push(await runStep('promote', () => promoteStep(config, backtestConfig, new Date(exchange.now()))));
  const cycleId = `${started.toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 6)}`;
  const summarise = (): CycleLogLine => ({
    cycle_id: cycleId,
    started_at: started.toISOString(),
    ended_at: new Date().toISOString(),
    status: cycleStatus(steps, stopped()),
    exchange: exchange.id,
    simulated: exchange.simulated,
    steps: [...steps],
    errors: steps.flatMap((step) => step.errors.map((error) => `${step.name}: ${error}`)),
  });
  // Rendered even after a stop request, so the page shows the interrupted cycle (as its latest cycle).
  steps.push(await runStep('render', () => renderStep(config, { now: exchange.now(), currentCycle: summarise() })));
  const line = summarise();
  await appendCycleLog(config.paths.dataDir, line);
  return line;
}

function cycleStatus(steps: readonly CycleStep[], stopped: boolean): CycleLogLine['status'] {
  if (stopped) return 'interrupted';
  if (steps.some((step) => step.status === 'failed')) return 'failed';
  return steps.some((step) => step.status === 'partial') ? 'partial' : 'ok';
}
