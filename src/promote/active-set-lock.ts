import { withLock, type HeldLock } from '../io/lock-file.js';
import { lockWaitMs } from '../io/lock-wait.js';

/**
 * The lock of the active set, `<strategies file>.lock`: every read-modify-write of config/strategies.yml (a manual
 * `scalp promote`, the loop's promote step, a forward-test demotion) holds it, so two writers never interleave and
 * neither undoes the other's update.
 */
export function activeSetLockPath(strategiesFile: string): string {
  return `${strategiesFile}.lock`;
}

/**
 * Runs `fn` holding the active-set lock. A holder that keeps it past the wait (`waitMs`, else SCALP_LOCK_WAIT_SECONDS,
 * else 5 s) makes this throw LockBusyError (exit 5) naming its pid and what it is doing.
 */
export function withActiveSetLock<T>(
  strategiesFile: string,
  activity: string,
  fn: (lock: HeldLock) => Promise<T>,
  options: { waitMs?: number } = {},
): Promise<T> {
  return withLock(activeSetLockPath(strategiesFile), fn, { wait: lockWaitMs(options.waitMs), activity });
}
