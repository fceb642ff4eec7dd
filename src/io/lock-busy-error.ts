import { LockHeldError } from '../core/errors.js';
import { describeHolder, type LockContent } from './lock-content.js';
import { LOCK_WAIT_VARIABLE } from './lock-wait.js';

/**
 * A lock another live process still held after the wait. A {@link LockHeldError} (exit 5) whose message also says
 * what the holder is doing, since when, how long we waited and how to wait longer.
 */
export class LockBusyError extends LockHeldError {
  constructor(
    lockFile: string,
    /** undefined when the lock file was still being written (its holder's pid is not readable yet). */
    readonly holder: LockContent | undefined,
    readonly waitedMs: number,
  ) {
    super(lockFile, holder?.pid ?? 0);
    const waited = waitedMs > 0 ? ` (waited ${Number((waitedMs / 1000).toFixed(1))} s)` : '';
    const longer = waitedMs > 0 ? `, or wait longer with ${LOCK_WAIT_VARIABLE}=<seconds>` : '';
    this.message = holder
      ? `another scalp process (pid ${holder.pid}) is running and holds ${lockFile}: ${describeHolder(holder)}${waited}; ` +
        `wait for it to finish and run this again${longer}, or stop it (kill ${holder.pid}) if it is stuck`
      : `another scalp process is taking ${lockFile} right now${waited}; run this again in a moment${longer}`;
  }
}
