import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candleRows, candlesFromRows, sliceCandles, type CandleRow } from '../../src/core/candles.js';
import { DataIntegrityError, UsageError } from '../../src/core/errors.js';
import { formatCandlesCsv } from '../../src/data/csv-candles.js';
import { importCandles } from '../../src/data/import-candles.js';
import { readManifest } from '../../src/data/manifest.js';
import { ohlcvPath, readCandleMeta, readCandles, writeCandles } from '../../src/data/ohlcv-store.js';
import { snapshotWorkspace } from '../e2e/_workspace-snapshot.js';
import { nonEmptyCases } from '../helpers/case-table.js';
import { randomWalk } from '../helpers/random-walk.js';
import { HAS_SHARED_DATA, SHARED_CANDLE_FILES, SHARED_DATA_SKIP_MESSAGE, sharedCandleCsv } from '../helpers/shared-data.js';

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'scalp-import-'));
}

function writeText(name: string, text: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

/** Hourly random-walk rows on the UTC grid. */
function hourlyRows(n: number, seed = 5): CandleRow[] {
  return candleRows(randomWalk(n, seed, { stepMs: HOUR, startMs: START, volumeSpread: 10 }));
}

const csv = (header: string, rows: readonly (readonly (string | number)[])[]) => `${[header, ...rows.map((row) => row.join(','))].join('\n')}\n`;

if (!HAS_SHARED_DATA) it.skip(`scalp import of the real shared CSVs: ${SHARED_DATA_SKIP_MESSAGE}`, () => {});

describe.skipIf(!HAS_SHARED_DATA)('importing the real shared candle files', () => {
  it.each(SHARED_CANDLE_FILES.map((file) => [`${file.dir} ${file.tf}`, file] as const))('%s round-trips byte for byte with its gaps recorded', async (_name, shared) => {
    const dataDir = tempDir();
    const source = sharedCandleCsv(shared);
    const swap = shared.dir.endsWith('_PERP');
    const pair = `${shared.dir.replace(/_PERP$/, '').replace(/USDT$/, '')}/USDT${swap ? ':USDT' : ''}`;
    const report = await importCandles({ dataDir, files: [source], pair, tf: shared.tf, csvMirror: true });
    expect(report).toMatchObject({ read: shared.rows, added: shared.rows, rows: shared.rows, refused: 0, duplicates: 0, gaps: shared.gapCount, missing: shared.missing });
    const file = ohlcvPath(dataDir, pair, shared.tf);
    const original = readFileSync(source, 'utf8');
    expect(readFileSync(file.replace(/\.parquet$/, '.csv'), 'utf8')).toBe(original);
    expect(formatCandlesCsv(await readCandles(file))).toBe(original);
    expect(await readCandleMeta(file)).toMatchObject({ pair, tf: shared.tf, source: 'import', simulated: false });
    const entry = (await readManifest(dataDir)).entries[`${pair}|${shared.tf}`];
    expect(entry).toMatchObject({ rows: shared.rows, first: shared.first, last: shared.last, missing_total: shared.missing, zero_volume: shared.zeroVolume, simulated: false, source: 'import' });
    expect(entry.gaps).toHaveLength(shared.gapCount);
  });
});

describe('importing candle files (synthetic, always)', () => {
  it('sorts, de-duplicates (a later row wins), reads second timestamps and records the gap', async () => {
    const rows = hourlyRows(300);
    const kept = rows.filter((_, i) => i < 100 || i >= 103); // a 3-candle gap
    const changed: CandleRow = [kept[10][0], kept[10][1], kept[10][2] * 1.01, kept[10][3], kept[10][4], 999];
    const lines = [...kept].reverse().map((row) => [row[0] / 1000, ...row.slice(1)]);
    lines.push([kept[20][0] / 1000, ...kept[20].slice(1)]); // an exact duplicate
    lines.push([changed[0] / 1000, ...changed.slice(1)]); // the same time with other values, later: it wins
    const file = writeText('dump.csv', csv('timestamp,open,high,low,close,volume', lines));
    const dataDir = tempDir();
    const report = await importCandles({ dataDir, files: [file], pair: 'BTC/USDT', tf: '1h' });
    expect(report).toMatchObject({ read: kept.length + 2, duplicates: 1, conflicting: 1, added: kept.length, rows: kept.length, gaps: 1, missing: 3 });
    const expected = kept.map((row, i) => (i === 10 ? changed : row));
    expect(candleRows(await readCandles(ohlcvPath(dataDir, 'BTC/USDT', '1h')))).toEqual(expected);
    expect((await readManifest(dataDir)).entries['BTC/USDT|1h'].gaps).toEqual([{ from: rows[100][0], to: rows[102][0], missing: 3 }]);
  });

  it('finds columns by header name after a title line, and asks which volume when two could be it', async () => {
    const rows = hourlyRows(50);
    const text = `https://www.example.com exported data\n${csv('Unix,Date,Symbol,Open,High,Low,Close,Volume BTC,Volume USDT', rows.map((r) => [r[0], new Date(r[0]).toISOString(), 'BTC/USDT', r[1], r[2], r[3], r[4], r[5], r[5] * r[4]]))}`;
    const file = writeText('cdd.csv', text);
    const dataDir = tempDir();
    const error = await importCandles({ dataDir, files: [file], pair: 'BTC/USDT', tf: '1h' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataIntegrityError);
    expect((error as Error).message).toMatch(/cdd.csv: no volume column: several columns could be it \(Volume BTC, Volume USDT\); choose one with --columns volume=NAME/);
    expect(existsSync(dataDir) && existsSync(join(dataDir, 'ohlcv'))).toBe(false);
    await importCandles({ dataDir, files: [file], pair: 'BTC/USDT', tf: '1h', table: { columns: { volume: 'Volume BTC' } } });
    expect(candleRows(await readCandles(ohlcvPath(dataDir, 'BTC/USDT', '1h')))).toEqual(rows);
  });

  const timeCases = nonEmptyCases('timestamp spellings', [
    ['ISO text without a zone (UTC)', (t: number) => new Date(t).toISOString().replace('T', ' ').replace('.000Z', ''), undefined],
    ['ISO text with a zone', (t: number) => new Date(t).toISOString(), undefined],
    ['microseconds', (t: number) => String(t * 1000), undefined],
    ['seconds, told', (t: number) => String(t / 1000), 's'],
  ] as const);

  it.each(timeCases)('reads timestamps as %s', async (_name, spell, unit) => {
    const rows = hourlyRows(40);
    const file = writeText('times.csv', csv('time,o,h,l,c,v', rows.map((r) => [spell(r[0]), ...r.slice(1)])));
    const dataDir = tempDir();
    await importCandles({ dataDir, files: [file], pair: 'ETH/USDT', tf: '1h', table: { timeUnit: unit } });
    expect(candleRows(await readCandles(ohlcvPath(dataDir, 'ETH/USDT', '1h')))).toEqual(rows);
  });

  it('refuses impossible candles as backfill does: recorded in the manifest with their rule, never stored', async () => {
    const rows = hourlyRows(60);
    const bad = rows.map((row, i): CandleRow => (i === 7 ? [row[0], 0, row[2], row[3], row[4], row[5]] : i === 30 ? [row[0], row[1], Math.min(row[1], row[4]) * 0.9, row[3] * 0.8, row[4], row[5]] : row));
    const file = writeText('bad.csv', formatCandlesCsv(candlesFromRows(bad)));
    const dataDir = tempDir();
    const report = await importCandles({ dataDir, files: [file], pair: 'BTC/USDT', tf: '1h' });
    expect(report).toMatchObject({ refused: 2, rows: 58 });
    expect(report.warnings[0]).toMatch(/2 candles refused and recorded in .*manifest.json, never stored/);
    const stored = await readCandles(ohlcvPath(dataDir, 'BTC/USDT', '1h'));
    expect(Array.from(stored.timestamp)).not.toContain(rows[7][0]);
    const quarantined = (await readManifest(dataDir)).entries['BTC/USDT|1h'].quarantined_rows!;
    expect(quarantined.map((row) => [row.timestamp, row.rule])).toEqual([[rows[7][0], 'price_not_positive'], [rows[30][0], 'high_below_body']]);
  });

  const refusals = nonEmptyCases('files refused whole', [
    ['a timestamp off the 1h grid', (): string => csv('timestamp,open,high,low,close,volume', hourlyRows(30).map((r, i) => (i === 12 ? [r[0] + 60_000, ...r.slice(1)] : r))), '1h', /bad.csv: row 13: timestamp \d+ \(.*\) is not a candle open time of the 1h grid \(UTC\); check --tf/],
    ['hourly candles imported as 1m', (): string => csv('timestamp,open,high,low,close,volume', hourlyRows(30)), '1m', /most candles are 60 minutes apart, not 1m: import them with --tf 1h/],
    ['a timestamp that cannot be read', (): string => csv('timestamp,open,high,low,close,volume', [['yesterday', 1, 2, 0.5, 1.5, 3]]), '1h', /bad.csv: line 2: timestamp "yesterday" cannot be read/],
    ['a file without candles', (): string => 'timestamp,open,high,low,close,volume\n', '1h', /bad.csv: holds no candles/],
  ] as const);

  it.each(refusals)('refuses %s with one message naming the file, and writes nothing', async (_name, text, tf, message) => {
    const good = writeText('good.csv', formatCandlesCsv(candlesFromRows(hourlyRows(30))));
    const file = writeText('bad.csv', text());
    const dataDir = tempDir();
    const before = snapshotWorkspace(dataDir);
    const error = await importCandles({ dataDir, files: [good, file], pair: 'BTC/USDT', tf }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(message);
    expect(snapshotWorkspace(dataDir)).toEqual(before);
  });

  it('merges a later file into the stored series, and refuses to mix real candles into a simulated one', async () => {
    const rows = hourlyRows(200);
    const dataDir = tempDir();
    await importCandles({ dataDir, files: [writeText('a.csv', formatCandlesCsv(candlesFromRows(rows.slice(0, 120))))], pair: 'BTC/USDT', tf: '1h' });
    const report = await importCandles({ dataDir, files: [writeText('b.csv', formatCandlesCsv(candlesFromRows(rows.slice(100))))], pair: 'BTC/USDT', tf: '1h' });
    expect([report.added, report.rows]).toEqual([80, 200]);

    const simulated = ohlcvPath(dataDir, 'SOL/USDT', '1h');
    await writeCandles(simulated, candlesFromRows(rows), { pair: 'SOL/USDT', tf: '1h', source: 'sim', simulated: true });
    const error = await importCandles({ dataDir, files: [writeText('c.csv', formatCandlesCsv(candlesFromRows(rows)))], pair: 'SOL/USDT', tf: '1h' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/SOLUSDT\/1h.parquet holds simulated candles \(source sim\); importing real ones into it would mix the two/);
  });

  it('imports a Parquet file written by another tool, with its own column names and TIMESTAMP type', async () => {
    const candles = sliceCandles(randomWalk(500, 9, { stepMs: 60_000, startMs: START, volumeSpread: 3 }), 0);
    const other = join(tempDir(), 'other.parquet');
    await writeCandles(other, candles, { pair: 'X', tf: '1m', source: 'elsewhere', simulated: false });
    // Rewrite with other names and a TIMESTAMP column, as pandas or polars would.
    const { withConnection, sqlString } = await import('../../src/data/_duckdb.js');
    const renamed = join(tempDir(), 'renamed.parquet');
    await withConnection((c) => c.run(`COPY (SELECT make_timestamp(timestamp * 1000) AS open_time, open AS o, high AS h, low AS l, close AS c, volume AS vol FROM read_parquet(${sqlString(other)})) TO ${sqlString(renamed)} (FORMAT parquet)`));
    const dataDir = tempDir();
    await importCandles({ dataDir, files: [renamed], pair: 'ADA/USDT', tf: '1m' });
    expect(candleRows(await readCandles(ohlcvPath(dataDir, 'ADA/USDT', '1m')))).toEqual(candleRows(candles));
  });
});
