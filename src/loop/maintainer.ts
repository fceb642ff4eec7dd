import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '../config/app-config.js';
import type { CycleLogLine } from '../config/cycle-log.js';
import { createExchange } from '../data/create-exchange.js';
import { acquireLock, type HeldLock } from '../io/lock-file.js';
import { sweepLeftovers, type SweepTarget } from '../io/sweep-leftovers.js';
import { runCycle } from './run-cycle.js';

export interface MaintainerOptions {
  readonly config: AppConfig;
  /** One cycle then return (cron). */
  readonly once: boolean;
  readonly stopSignal: AbortSignal;
  readonly log: (line: string) => void;
  readonly workers?: number;
  readonly onCycle?: (cycle: CycleLogLine) => void | Promise<void>;
  /** Runs once the lock is held, before the first cycle (e.g. render what is on disk and start the server). */
  readonly onLocked?: () => Promise<void>;
}

/** The lock that keeps two maintainers (cron + a terminal) from running at once. */
export function maintainerLockPath(dataDir: string): string {
  return join(dataDir, 'scalp.lock');
}

/**
 * Where killed runs leave temp files and locks: data/ and reports/ (all of them), and beside strategies.yml and
 * dashboard.html only scalp's own names (those folders are the user's: config/ and, by default, the repo root).
 */
export function leftoverTargets(paths: AppConfig['paths']): SweepTarget[] {
  const strategiesName = basename(paths.strategiesFile).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [
    { folder: paths.dataDir, recursive: true },
    { folder: paths.reportsDir, recursive: true },
    { folder: dirname(paths.strategiesFile), only: new RegExp(`^${strategiesName}\\.`) },
    { folder: paths.dashboardDir, only: /^(dashboard|ngrok_url)/ },
    { folder: join(paths.dashboardDir, 'assets'), recursive: true },
  ];
}

/**
 * Holds the maintainer lock (a second process gets LockHeldError at once; a lock left by a gone process is taken
 * over), sweeps the leftovers of killed runs, then runs cycles every runtime.loop_seconds until the stop signal (or
 * once). The lock says which step runs, for whoever meets it. A stop request lets the current step finish; the
 * lock is always released.
 */
export async function runMaintainer(options: MaintainerOptions): Promise<CycleLogLine[]> {
  const { config, log, stopSignal } = options;
  const lock = await acquireLock(maintainerLockPath(config.paths.dataDir), { activity: 'starting the maintainer loop' });
  const cycles: CycleLogLine[] = [];
  let exchange: Awaited<ReturnType<typeof createExchange>> | undefined;
  try {
    await sweepAtStart(config, log);
    await options.onLocked?.();
    exchange = await createExchange(config);
    const onStepStart = (step: string) => setLockActivity(lock, `running the ${step} step of a cycle`);
    for (;;) {
      const cycle = await runCycle({ config, exchange, stopSignal, log, workers: options.workers, onStepStart });
      cycles.push(cycle);
      await options.onCycle?.(cycle);
      log(`cycle ${cycle.cycle_id}: ${cycle.status} in ${((Date.parse(cycle.ended_at) - Date.parse(cycle.started_at)) / 1000).toFixed(1)} s`);
      if (options.once || stopSignal.aborted) break;
      log(`next cycle in ${config.runtime.loop_seconds} s (Ctrl-C to stop)`);
      await setLockActivity(lock, `waiting ${config.runtime.loop_seconds} s for the next cycle`);
      try {
        await sleep(config.runtime.loop_seconds * 1000, undefined, { signal: stopSignal });
      } catch {
        break; // stop requested while waiting
      }
    }
  } finally {
    await exchange?.close().catch(() => undefined);
    await lock.release();
  }
  return cycles;
}

async function sweepAtStart(config: AppConfig, log: (line: string) => void): Promise<void> {
  const swept = await sweepLeftovers(leftoverTargets(config.paths));
  const removed = [...swept.temps, ...swept.locks];
  if (removed.length === 0) return;
  const shown = removed.slice(0, 5).join(', ') + (removed.length > 5 ? `, and ${removed.length - 5} more` : '');
  log(`removed ${removed.length} leftovers of killed runs: ${shown}`);
}

/** Best effort: a lock whose activity cannot be rewritten still locks. */
async function setLockActivity(lock: HeldLock, activity: string): Promise<void> {
  await lock.setActivity(activity).catch(() => undefined);
}
