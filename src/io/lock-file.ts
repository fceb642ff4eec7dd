import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockHeldError } from '../core/errors.js';
import { isProcessAlive } from './atomic-write.js';

/** What a lock file holds: who took it and when. `token` tells our own lock apart from a later holder's. */
export interface LockContent {
  readonly pid: number;
  readonly started_at: string;
  readonly host: string;
  readonly token?: string;
}

export interface LockOptions {
  /** How long to wait for a live holder to release, in ms (0 = fail at once, the default). */
  readonly wait?: number;
  /** Poll interval while waiting, in ms (default 25). */
  readonly pollInterval?: number;
}

export interface HeldLock {
  readonly lockFile: string;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): Promise<void>;
}

/** Unreadable lock content younger than this may be a lock being written right now (O_EXCL create, then write). */
const GARBAGE_GRACE_MS = 1_000;
/** A takeover marker older than this is itself stale (its writer died during the few ms a takeover lasts). */
const TAKEOVER_STALE_MS = 10_000;

/**
 * Takes an exclusive lock: creates `lockFile` with O_EXCL holding `{pid, started_at, host}`.
 * When another live process holds it, polls until `wait` ms have passed, then throws {@link LockHeldError} naming
 * the holder's pid. A lock whose holder is dead (same host) or whose content is unreadable is stale and taken over.
 */
export async function acquireLock(lockFile: string, options: LockOptions = {}): Promise<HeldLock> {
  const deadline = Date.now() + (options.wait ?? 0);
  const pollInterval = options.pollInterval ?? 25;
  await mkdir(dirname(lockFile), { recursive: true });
  const content: LockContent = {
    pid: process.pid,
    started_at: new Date().toISOString(),
    host: hostname(),
    token: randomBytes(8).toString('hex'),
  };
  for (;;) {
    if (await tryCreate(lockFile, content)) return heldLock(lockFile, content);
    const holder = await readLock(lockFile);
    if (holder === 'missing') continue;
    if (holder === 'garbage' ? await isOldGarbage(lockFile) : isStale(holder)) {
      await takeOverStale(lockFile, holder);
      continue;
    }
    // A young unreadable lock is being written by its creator: wait for it like a live holder (pid unknown yet).
    if (Date.now() >= deadline) throw new LockHeldError(lockFile, holder === 'garbage' ? 0 : holder.pid);
    await sleep(Math.min(pollInterval, Math.max(1, deadline - Date.now())));
  }
}

/** Runs `fn` while holding `lockFile`, and releases the lock whatever happens. */
export async function withLock<T>(lockFile: string, fn: () => Promise<T> | T, options: LockOptions = {}): Promise<T> {
  const lock = await acquireLock(lockFile, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

/** Reads a lock file: its content, 'missing', or 'garbage' when it cannot be parsed. */
export async function readLock(lockFile: string): Promise<LockContent | 'missing' | 'garbage'> {
  let text: string;
  try {
    text = await readFile(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return 'garbage';
    return { pid: parsed.pid, started_at: String(parsed.started_at), host: String(parsed.host), token: parsed.token };
  } catch {
    return 'garbage';
  }
}

function isStale(holder: LockContent): boolean {
  // A pid on another machine cannot be checked: treat it as alive.
  return holder.host === hostname() && !isProcessAlive(holder.pid);
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
 * exclusively, re-reads the lock, and deletes it only if it is still the stale one it saw.
 */
async function takeOverStale(lockFile: string, seen: LockContent | 'garbage'): Promise<void> {
  const marker = `${lockFile}.takeover`;
  let handle;
  try {
    handle = await open(marker, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = await stat(marker).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > TAKEOVER_STALE_MS) await unlink(marker).catch(() => undefined);
    await sleep(5);
    return;
  }
  try {
    await handle.close();
    const now = await readLock(lockFile);
    const same = now === 'garbage' ? seen === 'garbage' : now !== 'missing' && seen !== 'garbage' && sameHolder(now, seen);
    if (same) await unlink(lockFile).catch(() => undefined);
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

function sameHolder(a: LockContent, b: LockContent): boolean {
  return a.pid === b.pid && a.started_at === b.started_at && a.token === b.token;
}

function heldLock(lockFile: string, content: LockContent): HeldLock {
  let released = false;
  return {
    lockFile,
    async release() {
      if (released) return;
      released = true;
      const now = await readLock(lockFile);
      if (now !== 'missing' && now !== 'garbage' && sameHolder(now, content)) await unlink(lockFile).catch(() => undefined);
    },
  };
}
