import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '../config/app-config.js';
import type { CycleLogLine } from '../config/cycle-log.js';
import { createExchange } from '../data/create-exchange.js';
import { acquireLock } from '../io/lock-file.js';
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
 * Holds the maintainer lock (a second process gets LockHeldError; a lock left by a dead process is taken over),
 * then runs cycles every runtime.loop_seconds until the stop signal (or once). A stop request lets the current
 * step finish; the lock is always released.
 */
export async function runMaintainer(options: MaintainerOptions): Promise<CycleLogLine[]> {
  const { config, log, stopSignal } = options;
  const lock = await acquireLock(maintainerLockPath(config.paths.dataDir));
  const cycles: CycleLogLine[] = [];
  let exchange: Awaited<ReturnType<typeof createExchange>> | undefined;
  try {
    await options.onLocked?.();
    exchange = await createExchange(config);
    for (;;) {
      const cycle = await runCycle({ config, exchange, stopSignal, log, workers: options.workers });
      cycles.push(cycle);
      await options.onCycle?.(cycle);
      log(`cycle ${cycle.cycle_id}: ${cycle.status} in ${((Date.parse(cycle.ended_at) - Date.parse(cycle.started_at)) / 1000).toFixed(1)} s`);
      if (options.once || stopSignal.aborted) break;
      log(`next cycle in ${config.runtime.loop_seconds} s (Ctrl-C to stop)`);
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
