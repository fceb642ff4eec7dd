import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SummaryFileSchema } from '../../src/config/summary-file.js';
import { candleRows, candlesFromRows } from '../../src/core/candles.js';
import { formatCandlesCsv } from '../../src/data/csv-candles.js';
import { nonEmptyCases } from '../helpers/case-table.js';
import { createWorkspace, runScalp } from '../helpers/cli.js';
import { randomWalk } from '../helpers/random-walk.js';
import { HAS_SHARED_DATA, SHARED_DATA_SKIP_MESSAGE, sharedCandleCsv } from '../helpers/shared-data.js';
import { CLEAN_MJS, strategiesFolder } from '../helpers/user-strategies.js';
import { snapshotWorkspace } from './_workspace-snapshot.js';

const ENTRIES = {
  strategies: {
    bollinger_mr: { defaults: {}, grid: { period: [14, 20, 30], mult: [2, 2.5] } },
    donchian_breakout: { defaults: {}, grid: { entry_period: [20, 40] } },
  },
};

interface Market {
  readonly pair: string;
  readonly file: string;
  readonly gaps: number;
}

/** Hourly random walks with a 3-candle gap, written as the standard candle CSV (the synthetic case, always run). */
function syntheticMarkets(): Market[] {
  const dir = mkdtempSync(join(tmpdir(), 'scalp-import-csv-'));
  return ['BTC/USDT', 'ETH/USDT'].map((pair, k) => {
    const rows = candleRows(randomWalk(4000, 11 + k, { stepMs: 3_600_000, startMs: Date.UTC(2022, 0, 1), volumeSpread: 20, sigma: 0.006 }));
    const file = join(dir, `${pair.replace('/', '')}.csv`);
    writeFileSync(file, formatCandlesCsv(candlesFromRows(rows.filter((_, i) => i < 2000 || i > 2002))));
    return { pair, file, gaps: 1 };
  });
}

const cases = nonEmptyCases('offline markets', [
  ['synthetic random walks', syntheticMarkets] as const,
  ...(HAS_SHARED_DATA ? [['the real shared BTCUSDT and ETHUSDT 1h', (): Market[] => ['BTC', 'ETH'].map((base) => ({ pair: `${base}/USDT`, file: sharedCandleCsv({ dir: `${base}USDT`, tf: '1h' }), gaps: 7 }))] as const] : []),
]);
if (!HAS_SHARED_DATA) it.skip(`scalp import + exchange none on the real shared candles: ${SHARED_DATA_SKIP_MESSAGE}`, () => {});

describe.each(cases)('scalp import then scalp run --once with exchange: none, on %s', (_name, markets) => {
  it('imports byte-exact with the gaps recorded, then grades every series (a user strategy too) labelled real', async () => {
    const cwd = createWorkspace({ exchange: 'none', tf_list: ['1h'], csv_mirror: true, workers: 2 });
    writeFileSync(join(cwd, 'config/entries_config.json'), JSON.stringify(ENTRIES));
    strategiesFolder({ 'my_cross.mjs': CLEAN_MJS }, join(cwd, 'strategies'));
    for (const { pair, file, gaps } of markets()) {
      const run = await runScalp(['import', file, '--pair', pair, '--tf', '1h'], { cwd });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^imported ${pair} 1h into data/ohlcv/${pair.replace('/', '')}/1h.parquet: read \\d+ rows from 1 file\\(s\\)`));
      expect(run.stdout).toMatch(new RegExp(`gaps ${gaps} \\(\\d+ missing candles, recorded in data/manifest.json\\)`));
      expect(readFileSync(join(cwd, 'data/ohlcv', pair.replace('/', ''), '1h.csv'), 'utf8')).toBe(readFileSync(file, 'utf8'));
      const manifest = JSON.parse(readFileSync(join(cwd, 'data/manifest.json'), 'utf8'));
      expect(manifest.entries[`${pair}|1h`]).toMatchObject({ source: 'import', simulated: false });
      expect(manifest.entries[`${pair}|1h`].gaps).toHaveLength(gaps);
    }

    const cycle = await runScalp(['run', '--once'], { cwd, timeoutMs: 300_000 });
    expect(cycle.code, cycle.stderr).toBe(0);
    expect(cycle.stderr).toMatch(/watchlist: ok \(pairs 2\) - exchange none: the watchlist is the stored pairs/);
    expect(cycle.stderr).toMatch(/backfill: skipped - exchange none: nothing is fetched/);
    expect(cycle.stderr).toMatch(/lookahead gate: my_cross passed/);
    expect(cycle.stderr).not.toMatch(/SIMULATED/);

    const summary = SummaryFileSchema.parse(JSON.parse(readFileSync(join(cwd, 'reports/summary.json'), 'utf8')));
    expect([summary.exchange, summary.simulated]).toEqual(['none', false]);
    expect(summary.rows).toHaveLength(6);
    expect(summary.rows.every((row) => row.simulated === false && /^[ABCDF]$/.test(row.grade))).toBe(true);
    expect(summary.rows.filter((row) => row.strategy === 'my_cross').map((row) => row.pair).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);

    const html = readFileSync(join(cwd, 'dashboard.html'), 'utf8');
    expect(html).not.toMatch(/class="banner-simulated"|class="sim-tag"/);
    expect(html.match(/<tr class="result"[^>]*data-simulated="false"/g)).toHaveLength(6);
    const status = JSON.parse((await runScalp(['status', '--json'], { cwd })).stdout);
    expect(status.simulated).toBe(false);
    expect(status.rows.map((row: { state: string; simulated: boolean }) => [row.state === 'DAT' || row.state === 'OK', row.simulated])).toEqual([[true, false], [true, false]]);
  });
});

describe('scalp import refuses bad input with one message and writes nothing', () => {
  it.each(nonEmptyCases('bad imports', [
    ['a candle off the timeframe grid', ['--tf', '1h'], (t: number, i: number) => (i === 5 ? t + 1000 : t), 3, /row 6: timestamp \d+ .* is not a candle open time of the 1h grid/],
    ['the wrong timeframe', ['--tf', '5m'], (t: number) => t, 3, /most candles are 60 minutes apart, not 5m: import them with --tf 1h/],
    ['no --tf', [], (t: number) => t, 2, /--tf is required/],
    ['an unknown market', ['--tf', '1h', '--market', 'futures'], (t: number) => t, 2, /--market/],
  ] as const))('%s', async (_name, flags, time, code, message) => {
    const cwd = createWorkspace({ exchange: 'none', tf_list: ['1h'] });
    const rows = candleRows(randomWalk(100, 3, { stepMs: 3_600_000, startMs: Date.UTC(2022, 0, 1) })).map((row, i): typeof row => [time(row[0], i), ...row.slice(1)] as unknown as typeof row);
    writeFileSync(join(cwd, 'dump.csv'), formatCandlesCsv(candlesFromRows(rows)));
    const before = snapshotWorkspace(cwd);
    const run = await runScalp(['import', 'dump.csv', '--pair', 'BTCUSDT', ...flags], { cwd });
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toMatch(message);
    // One message (commander adds its usage hint after a flag it rejects itself).
    expect(run.stderr.trim().split('\n').filter((line) => !/run scalp --help/.test(line))).toHaveLength(1);
    expect(snapshotWorkspace(cwd)).toEqual(before);
  });
});

describe('exchange none from the command line', () => {
  it('scalp watchlist lists the stored pairs, scalp backfill says there is nothing to fetch and writes nothing', async () => {
    const cwd = createWorkspace({ exchange: 'none', tf_list: ['1h'] });
    writeFileSync(join(cwd, 'dump.csv'), formatCandlesCsv(randomWalk(300, 5, { stepMs: 3_600_000, startMs: Date.UTC(2022, 0, 1) })));
    expect((await runScalp(['import', 'dump.csv', '--pair', 'SOL/USDT', '--tf', '1h'], { cwd })).code).toBe(0);
    const before = snapshotWorkspace(cwd);
    const backfill = await runScalp(['backfill'], { cwd });
    expect([backfill.code, backfill.stderr]).toEqual([2, expect.stringMatching(/runtime.exchange is none .*scalp import/)]);
    expect(snapshotWorkspace(cwd)).toEqual(before);
    const watchlist = await runScalp(['watchlist', '--json'], { cwd });
    expect(watchlist.code, watchlist.stderr).toBe(0);
    expect(JSON.parse(watchlist.stdout)).toMatchObject({ exchange: 'none', simulated: false, pairs: [{ symbol: 'SOL/USDT' }] });
  });
});
