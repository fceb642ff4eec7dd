import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkspace, runScalp } from '../helpers/cli.js';

describe('scalp data commands on the simulated exchange', () => {
  it('backfills the watchlist offline and status shows fresh data as DAT, missing timeframes as MIS', async () => {
    const cwd = createWorkspace({ topN: 3, tf_list: ['5m', '15m'], backfill_limit: 600 });
    const backfill = await runScalp(['backfill', '--tfs', '5m'], { cwd });
    expect(backfill.code, backfill.stderr).toBe(0);
    expect(backfill.stderr).toMatch(/SIMULATED DATA/);
    const watchlist = JSON.parse(readFileSync(join(cwd, 'data/watchlist.json'), 'utf8'));
    expect(watchlist.pairs).toHaveLength(3);
    for (const pair of watchlist.pairs) {
      const dir = pair.symbol.replace('/', '');
      expect(existsSync(join(cwd, 'data/ohlcv', dir, '5m.parquet'))).toBe(true);
    }

    const status = await runScalp(['status', '--json'], { cwd });
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.simulated).toBe(true);
    expect(report.counts).toEqual({ MIS: 3, OLD: 0, DAT: 3, OK: 0 });
    const fiveMinute = report.rows.filter((row: { tf: string }) => row.tf === '5m');
    expect(fiveMinute.every((row: { state: string; rows: number }) => row.state === 'DAT' && row.rows === 600)).toBe(true);

    const human = await runScalp(['status'], { cwd });
    expect(human.stdout).toMatch(/SIMULATED DATA/);
    expect(human.stdout).toMatch(/MIS 3 +OLD 0 +DAT 3 +OK 0/);
  });

  it('a second backfill only fetches what came after the last stored candle', async () => {
    const cwd = createWorkspace({ topN: 2, tf_list: ['1m'], backfill_limit: 300 });
    expect((await runScalp(['backfill'], { cwd })).code).toBe(0);
    const second = await runScalp(['backfill', '--json'], { cwd });
    expect(second.code, second.stderr).toBe(0);
    const reports = JSON.parse(second.stdout);
    for (const report of reports) {
      expect(report.status).toBe('ok');
      expect(report.added).toBeLessThanOrEqual(2);
      expect(report.rows).toBeGreaterThanOrEqual(300);
    }
  });

  it.each([
    ['malformed YAML', 'runtime:\n  topN: [1, 2\n', /config\.yaml: malformed YAML at line 3/],
    ['a negative topN', 'runtime:\n  topN: -3\n', /config\.yaml: runtime\.topN: .*found number -3/],
    ['an unknown timeframe', 'runtime:\n  tf_list: [1m, 2m]\n', /config\.yaml: runtime\.tf_list\[1\]: .*found "2m"/],
    ['a wrong type', 'runtime:\n  csv_mirror: "yes"\n', /runtime\.csv_mirror: expected boolean/],
  ])('rejects %s with one message naming file and key, exit code 2, and writes nothing', async (_name, yaml, message) => {
    const cwd = createWorkspace();
    writeFileSync(join(cwd, 'config/config.yaml'), yaml);
    const result = await runScalp(['backfill'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('rejects a bad flag value with exit code 2 and a hint', async () => {
    const cwd = createWorkspace();
    const result = await runScalp(['backfill', '--tfs', '2m'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--tfs: unknown timeframe "2m"/);
    const unknown = await runScalp(['backfill', '--frobnicate'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option/);
  });

  it('points at --config when the config file is missing', async () => {
    const cwd = createWorkspace();
    const result = await runScalp(['--config', 'nope/config.yaml', 'status'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nope\/config\.yaml: file not found .*--config/);
  });
});
