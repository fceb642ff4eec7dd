import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/io/lock-file.js';
import { sweepLeftovers } from '../../src/io/sweep-leftovers.js';
import { exited } from './fixtures/node-script.js';
import { useTempDir } from './fixtures/temp-dir.js';

/** The pid of a real process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function write(path: string, content = 'partial'): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const lockOf = (pid: number): string => JSON.stringify({ pid, started_at: '2026-01-01T00:00:00.000Z', host: hostname(), token: 'x' });

describe('sweepLeftovers', () => {
  const tempDir = useTempDir();

  it('removes temp files and locks of dead writers and keeps those of live ones', async () => {
    const data = join(tempDir(), 'data');
    const dead = deadPid();
    const leftovers = [
      write(join(data, 'ohlcv/BTCUSDT/1m.parquet.cols.tmp-' + dead + '-0123456789ab')),
      write(join(data, 'ohlcv/BTCUSDT/1m.parquet.tmp-' + dead + '-0123456789ab')),
      write(join(data, 'assets/details/r1.js.tmp-' + dead + '-0123456789ab')),
    ];
    const staleLock = write(join(data, 'ohlcv/BTCUSDT/1m.parquet.lock'), lockOf(dead));
    const oldMarker = write(join(data, 'manifest.json.lock.takeover'), '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(oldMarker, past, past);
    const live = [
      write(join(data, 'ohlcv/ETHUSDT/1m.parquet.cols.tmp-' + process.pid + '-0123456789ab')),
      write(join(data, 'ohlcv/ETHUSDT/1m.parquet')),
      write(join(data, 'ohlcv/ETHUSDT/1m.parquet.lock'), lockOf(process.pid)),
      write(join(data, 'yarn.lock'), '# not a scalp lock\n'),
    ];
    const swept = await sweepLeftovers([{ folder: data, recursive: true }]);
    expect(swept.temps.sort()).toEqual([...leftovers].sort());
    expect(swept.locks.sort()).toEqual([oldMarker, staleLock].sort());
    for (const path of [...leftovers, staleLock, oldMarker]) expect(existsSync(path), path).toBe(false);
    for (const path of live) expect(existsSync(path), path).toBe(true);
  });

  it('removes a temp whose pid is alive again only when it was written before this boot', async () => {
    const folder = tempDir();
    const unrelated = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const beforeBoot = write(join(folder, `a.json.tmp-${unrelated.pid}-0123456789ab`));
      const recent = write(join(folder, `b.json.tmp-${unrelated.pid}-0123456789ab`));
      const longAgo = new Date(Date.now() - uptime() * 1000 - 2 * 3_600_000);
      utimesSync(beforeBoot, longAgo, longAgo);
      const swept = await sweepLeftovers([{ folder }]);
      expect(swept.temps).toEqual([beforeBoot]);
      expect(existsSync(recent)).toBe(true);
    } finally {
      unrelated.kill('SIGKILL');
      await exited(unrelated);
    }
  });

  it('looks only at the names a target allows, and never at the folders below unless recursive', async () => {
    const root = tempDir();
    const dead = deadPid();
    const ours = write(join(root, `dashboard.html.tmp-${dead}-0123456789ab`));
    const theirs = write(join(root, `notes.md.tmp-${dead}-0123456789ab`));
    const below = write(join(root, 'assets', `dashboard.js.tmp-${dead}-0123456789ab`));
    const swept = await sweepLeftovers([{ folder: root, only: /^dashboard/ }]);
    expect(swept.temps).toEqual([ours]);
    expect([existsSync(theirs), existsSync(below)]).toEqual([true, true]);
  });

  it('never removes a lock held right now by this process', async () => {
    const lockFile = join(tempDir(), 'backtest.lock');
    const lock = await acquireLock(lockFile);
    expect((await sweepLeftovers([{ folder: tempDir() }])).locks).toEqual([]);
    expect(existsSync(lockFile)).toBe(true);
    await lock.release();
  });
});
