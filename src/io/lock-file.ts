import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFileAtomic } from './atomic-write.js';
import { LockBusyError } from './lock-busy-error.js';
import { isStaleHolder, lockContentForThisProcess, readLock, sameHolder, type LockContent } from './lock-content.js';

export { readLock, type LockContent } from './lock-content.js';

export interface LockOptions {
  /** How long to wait for a live holder to release, in ms (0 = fail at once, the default). */
  readonly wait?: number;
  /** Poll interval while waiting, in ms (default 25). */
  readonly pollInterval?: number;
  /** What the holder does under the lock, shown to a process that meets it (e.g. `promoting (risk mode balanced)`). */
  readonly activity?: string;
}

export interface HeldLock {
  readonly lockFile: string;
  /** Rewrites what the holder is doing (atomically, same token), so a process that meets the lock can say it. */
  setActivity(activity: string): Promise<void>;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): Promise<void>;
}

/** Unreadable lock content younger than this may be a lock being written right now (O_EXCL create, then write). */
const GARBAGE_GRACE_MS = 1_000;
/** A takeover marker older than this is itself stale (its writer died during the few ms a takeover lasts). */
export const TAKEOVER_STALE_MS = 10_000;

/**
 * Takes an exclusive lock: creates `lockFile` with O_EXCL holding {@link LockContent} (pid, boot id, process start,
 * command line, activity). When another live process holds it, polls until `wait` ms have passed, then throws
 * {@link LockBusyError} (a LockHeldError, exit 5) naming the holder's pid and what it is doing. A lock whose holder
 * is gone (dead pid, another boot, a reused pid) or whose content stays unreadable is stale and taken over.
 */
export async function acquireLock(lockFile: string, options: LockOptions = {}): Promise<HeldLock> {
  const started = Date.now();
  const deadline = started + (options.wait ?? 0);
  const pollInterval = options.pollInterval ?? 25;
  await mkdir(dirname(lockFile), { recursive: true });
  const content = lockContentForThisProcess(options.activity);
  for (;;) {
    if (await tryCreate(lockFile, content)) return heldLock(lockFile, content);
    const holder = await readLock(lockFile);
    if (holder === 'missing') continue;
    if (holder === 'garbage' ? await isOldGarbage(lockFile) : await isStaleHolder(lockFile, holder)) {
      await takeOverStale(lockFile, holder);
      continue;
    }
    // A young unreadable lock is being written by its creator: wait for it like a live holder (pid unknown yet).
    if (Date.now() >= deadline) throw new LockBusyError(lockFile, holder === 'garbage' ? undefined : holder, Date.now() - started);
    await sleep(Math.min(pollInterval, Math.max(1, deadline - Date.now())));
  }
}

/** Runs `fn` while holding `lockFile`, and releases the lock whatever happens. */
export async function withLock<T>(lockFile: string, fn: (lock: HeldLock) => Promise<T> | T, options: LockOptions = {}): Promise<T> {
  const lock = await acquireLock(lockFile, options);
  try {
    return await fn(lock);
  } finally {
    await lock.release();
  }
}

/**
 * Removes `lockFile` when its holder is gone (see {@link acquireLock}); a lock of a live holder, a lock being
 * written and a file that is not a scalp lock are left alone. Returns true when it was removed.
 */
export async function removeStaleLock(lockFile: string): Promise<boolean> {
  const holder = await readLock(lockFile);
  if (holder === 'missing' || holder === 'garbage' || !(await isStaleHolder(lockFile, holder))) return false;
  return takeOverStale(lockFile, holder);
}

async function isOldGarbage(lockFile: string): Promise<boolean> {
  const modified = await stat(lockFile).then((s) => s.mtimeMs, () => undefined);
  return modified !== undefined && Date.now() - modified > GARBAGE_GRACE_MS;
}

async function tryCreate(lockFile: string, content: LockContent): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockFile, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(content)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Removes a stale lock without racing another process doing the same: the remover first takes `<lock>.takeover`
 * exclusively, re-reads the lock, and deletes it only if it is still the stale one it saw. True when it deleted it.
 */
async function takeOverStale(lockFile: string, seen: LockContent | 'garbage'): Promise<boolean> {
  const marker = `${lockFile}.takeover`;
  let handle;
  try {
    handle = await open(marker, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = await stat(marker).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > TAKEOVER_STALE_MS) await unlink(marker).catch(() => undefined);
    await sleep(5);
    return false;
  }
  try {
    await handle.close();
    const now = await readLock(lockFile);
    const same = now === 'garbage' ? seen === 'garbage' : now !== 'missing' && seen !== 'garbage' && sameHolder(now, seen);
    if (same) await unlink(lockFile).catch(() => undefined);
    return same;
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

function heldLock(lockFile: string, content: LockContent): HeldLock {
  let released = false;
  let current = content;
  return {
    lockFile,
    async setActivity(activity) {
      if (released) return;
      const now = await readLock(lockFile);
      if (now === 'missing' || now === 'garbage' || !sameHolder(now, content)) return;
      current = { ...current, activity };
      // Written beside and renamed over: a reader sees the old or the new content, never a part.
      await writeFileAtomic(lockFile, `${JSON.stringify(current)}\n`);
    },
    async release() {
      if (released) return;
      released = true;
      const now = await readLock(lockFile);
      if (now !== 'missing' && now !== 'garbage' && sameHolder(now, content)) await unlink(lockFile).catch(() => undefined);
    },
  };
}
