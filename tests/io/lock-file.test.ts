import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockHeldError } from '../../src/core/errors.js';
import { acquireLock, withLock } from '../../src/io/lock-file.js';
import { bundleScript, exited, removeBundles, startNode } from './fixtures/node-script.js';
import { useTempDir } from './fixtures/temp-dir.js';

const DEAD_PID = 999_999;

describe('acquireLock', () => {
  const tempDir = useTempDir();

  it('writes pid, start time and host into the lock file and removes it on release', async () => {
    const lockFile = join(tempDir(), 'scalp.lock');
    const lock = await acquireLock(lockFile);
    const content = JSON.parse(readFileSync(lockFile, 'utf8'));
    expect(content).toMatchObject({ pid: process.pid, host: hostname() });
    expect(Date.parse(content.started_at)).not.toBeNaN();
    await lock.release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('refuses a second holder with LockHeldError naming the holder pid', async () => {
    const lockFile = join(tempDir(), 'scalp.lock');
    const lock = await acquireLock(lockFile);
    const second = acquireLock(lockFile);
    await expect(second).rejects.toThrow(LockHeldError);
    await expect(acquireLock(lockFile)).rejects.toThrow(`pid ${process.pid}`);
    await lock.release();
  });

  it.each([
    ['a dead pid', JSON.stringify({ pid: DEAD_PID, started_at: '2020-01-01T00:00:00Z', host: hostname() })],
    ['garbage content', 'not json at all'],
    ['an empty file', ''],
  ])('takes over a stale lock holding %s', async (_kind, content) => {
    const lockFile = join(tempDir(), 'scalp.lock');
    writeFileSync(lockFile, content);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile, old, old);
    const lock = await acquireLock(lockFile);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('waits for the holder to release when given a wait', async () => {
    const lockFile = join(tempDir(), 'scalp.lock');
    const first = await acquireLock(lockFile);
    const order: string[] = [];
    setTimeout(() => {
      order.push('released');
      void first.release();
    }, 100);
    const second = await acquireLock(lockFile, { wait: 10_000 });
    order.push('acquired');
    expect(order).toEqual(['released', 'acquired']);
    await second.release();
  });

  it('gives up with LockHeldError when the holder keeps the lock past the wait', async () => {
    const lockFile = join(tempDir(), 'scalp.lock');
    const lock = await acquireLock(lockFile);
    await expect(acquireLock(lockFile, { wait: 60, pollInterval: 10 })).rejects.toThrow(LockHeldError);
    await lock.release();
  });

  it('release never removes a lock that another holder took meanwhile', async () => {
    const lockFile = join(tempDir(), 'scalp.lock');
    const first = await acquireLock(lockFile);
    const theirs = JSON.stringify({ pid: process.pid, started_at: 'later', host: hostname(), token: 'someone-else' });
    writeFileSync(lockFile, theirs);
    await first.release();
    expect(readFileSync(lockFile, 'utf8')).toBe(theirs);
  });

  it('withLock runs the function under the lock and releases it even when the function throws', async () => {
    const lockFile = join(tempDir(), 'scalp.lock');
    expect(await withLock(lockFile, () => existsSync(lockFile))).toBe(true);
    await expect(withLock(lockFile, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lockFile)).toBe(false);
  });
});

describe('acquireLock across processes', () => {
  const tempDir = useTempDir();
  let holderScript: string;
  afterAll(removeBundles);
  beforeAll(async () => {
    holderScript = await bundleScript('lock-holder.ts');
  });

  it('names a live holder process, then takes the lock over once that process is killed', async () => {
    const lockFile = join(tempDir(), 'scalp.lock');
    let resolveLocked = () => {};
    const locked = new Promise<void>((resolve) => (resolveLocked = resolve));
    const child = startNode(holderScript, [lockFile], (line) => line === 'locked' && resolveLocked());
    await locked;
    try {
      await expect(acquireLock(lockFile)).rejects.toThrow(new LockHeldError(lockFile, child.pid ?? -1).message);
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }
    const lock = await acquireLock(lockFile);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });
});
