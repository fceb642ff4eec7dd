import { UsageError } from '../core/errors.js';

/** The environment variable that sets how long a writer waits for a lock another scalp process holds. */
export const LOCK_WAIT_VARIABLE = 'SCALP_LOCK_WAIT_SECONDS';

/** Default wait: long enough for a promote or a render of another process to finish, short enough for a terminal. */
export const DEFAULT_LOCK_WAIT_MS = 5_000;

const MAX_WAIT_SECONDS = 86_400;

/**
 * How long a writer (backtest, promote, render) waits for a lock held by another live process before it gives up
 * with exit 5: `explicitMs` when given, else `SCALP_LOCK_WAIT_SECONDS`, else {@link DEFAULT_LOCK_WAIT_MS}.
 */
export function lockWaitMs(explicitMs?: number, environment: NodeJS.ProcessEnv = process.env): number {
  if (explicitMs !== undefined) return explicitMs;
  const raw = environment[LOCK_WAIT_VARIABLE];
  if (raw === undefined || raw.trim() === '') return DEFAULT_LOCK_WAIT_MS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_WAIT_SECONDS) {
    throw new UsageError(`${LOCK_WAIT_VARIABLE} must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}, was "${raw}"`);
  }
  return Math.round(seconds * 1000);
}
