import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockHeldError } from '../../src/core/errors.js';
import { acquireLock, withLock } from '../../src/io/lock-file.js';
import { bootId, processStartTicks } from '../../src/io/process-identity.js';
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

  it('records who holds it (boot, process start, command line, activity) and names it to a process that meets it', async () => {
    const lockFile = join(tempDir(), 'scalp.lock');
    const lock = await acquireLock(lockFile, { activity: 'promoting (risk mode balanced)' });
    const content = JSON.parse(readFileSync(lockFile, 'utf8'));
    if (process.platform === 'linux') expect(content).toMatchObject({ boot_id: bootId(), process_start_ticks: processStartTicks(process.pid) });
    expect(content.command).toEqual(expect.any(String));
    const failure = await acquireLock(lockFile, { wait: 120, pollInterval: 10 }).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(LockHeldError);
    expect((failure as Error).message).toMatch(/holds .*scalp\.lock: `.+`, promoting \(risk mode balanced\), since \S+ \(waited 0\.1 s\); wait for it/);
    expect((failure as Error).message).toContain('SCALP_LOCK_WAIT_SECONDS');
    await lock.setActivity('running the render step of a cycle');
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ token: content.token, activity: 'running the render step of a cycle' });
    await expect(acquireLock(lockFile)).rejects.toThrow(/running the render step of a cycle/);
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
      const failure = await acquireLock(lockFile).then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(LockHeldError);
      expect((failure as LockHeldError).holderPid).toBe(child.pid);
      expect((failure as Error).message).toContain(`another scalp process (pid ${child.pid}) is running and holds ${lockFile}: \``);
      expect((failure as Error).message).toContain(`kill ${child.pid}`);
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }
    const lock = await acquireLock(lockFile);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });
});

describe.skipIf(process.platform !== 'linux')('a lock whose pid now belongs to an unrelated live process (Linux /proc)', () => {
  const tempDir = useTempDir();
  let unrelated: ChildProcess;
  beforeAll(() => {
    unrelated = spawn('sleep', ['60'], { stdio: 'ignore' });
  });
  afterAll(async () => {
    unrelated.kill('SIGKILL');
    await exited(unrelated);
  });

  /** A lock naming the live `sleep` process's pid, as a scalp process of another time or boot would have left it. */
  function lockOf(fields: Record<string, unknown>): string {
    const lockFile = join(tempDir(), 'scalp.lock');
    writeFileSync(lockFile, JSON.stringify({ pid: unrelated.pid, started_at: '2026-01-01T00:00:00.000Z', host: hostname(), token: 'old', ...fields }));
    return lockFile;
  }

  it('takes over a lock whose holder pid is alive but started at another time (the pid was reused)', async () => {
    const ticks = processStartTicks(unrelated.pid ?? -1);
    expect(ticks).toBeGreaterThan(0);
    const lock = await acquireLock(lockOf({ boot_id: bootId(), process_start_ticks: (ticks ?? 0) + 12_345 }));
    await lock.release();
  });

  it('takes over a lock written during another boot, whatever lives at its pid now', async () => {
    const lock = await acquireLock(lockOf({ boot_id: 'a-previous-boot', process_start_ticks: processStartTicks(unrelated.pid ?? -1) }));
    await lock.release();
  });

  it('takes over an old-format lock (pid only) whose file was written before this boot', async () => {
    const lockFile = lockOf({});
    const beforeBoot = new Date(Date.now() - uptime() * 1000 - 3_600_000);
    utimesSync(lockFile, beforeBoot, beforeBoot);
    const lock = await acquireLock(lockFile);
    await lock.release();
  });

  it('still refuses when the pid, boot and start time all match the live process', async () => {
    const lockFile = lockOf({ boot_id: bootId(), process_start_ticks: processStartTicks(unrelated.pid ?? -1) });
    await expect(acquireLock(lockFile)).rejects.toThrow(LockHeldError);
    await expect(acquireLock(lockFile)).rejects.toThrow(`pid ${unrelated.pid}`);
  });
});
