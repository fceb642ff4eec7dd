import { join } from 'node:path';
import { withLock, type HeldLock } from '../io/lock-file.js';
import { lockWaitMs } from '../io/lock-wait.js';

/**
 * The lock of the research results: data/results.duckdb (one process may open it at a time: a second one fails
 * inside DuckDB) and the reports a backtest writes from it (reports/summary.json, strategies.yml.next, details/).
 * Every writer of those holds it: `scalp backtest`, the loop's backtest step, and anything else that opens the
 * results DB (the forward record).
 */
export function resultsLockPath(dataDir: string): string {
  return join(dataDir, 'results.lock');
}

/**
 * Runs `fn` holding the results lock. A holder that keeps it past the wait (`waitMs`, else SCALP_LOCK_WAIT_SECONDS,
 * else 5 s) makes this throw LockBusyError (exit 5) naming its pid and what it is doing, never a DuckDB error.
 */
export function withResultsLock<T>(dataDir: string, activity: string, fn: (lock: HeldLock) => Promise<T>, options: { waitMs?: number } = {}): Promise<T> {
  return withLock(resultsLockPath(dataDir), fn, { wait: lockWaitMs(options.waitMs), activity });
}
