import { existsSync, readFileSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocateCandles, candleRows, candlesFromRows, sliceCandles } from '../../src/core/candles.js';
import { DataIntegrityError } from '../../src/core/errors.js';
import { sqlString, withConnection } from '../../src/data/_duckdb.js';
import {
  appendCandles,
  isCorruptStoreError,
  mergeCandles,
  ohlcvPath,
  readCandleMeta,
  readCandles,
  writeCandles,
} from '../../src/data/ohlcv-store.js';
import { columnsOf, syntheticCandles } from '../io/fixtures/synthetic-candles.js';
import { useTempDir } from '../io/fixtures/temp-dir.js';

const META = { pair: 'BTC/USDT:USDT', tf: '1m', source: 'binance', simulated: false } as const;

/** Writes a Parquet file with arbitrary rows straight through DuckDB SQL, bypassing writeCandles' checks. */
async function writeRawParquet(file: string, valuesSql: string): Promise<void> {
  await withConnection(async (connection) => {
    await connection.run(
      `COPY (SELECT * FROM (VALUES ${valuesSql}) AS t("timestamp", open, high, low, close, volume)) TO ${sqlString(file)} (FORMAT parquet)`,
    );
  });
}

describe('ohlcvPath', () => {
  it.each([
    ['BTC/USDT', '1h', 'data/ohlcv/BTCUSDT/1h.parquet'],
    ['BTC/USDT:USDT', '1m', 'data/ohlcv/BTCUSDT_PERP/1m.parquet'],
  ] as const)('puts %s %s at %s', (pair, tf, expected) => {
    expect(ohlcvPath('data', pair, tf)).toBe(expected);
  });
});

describe('writeCandles / readCandles', () => {
  const tempDir = useTempDir();

  it('reads back exactly what was written, bit for bit', async () => {
    const file = join(tempDir(), 'ohlcv', 'BTCUSDT_PERP', '1m.parquet');
    const candles = syntheticCandles(5000, 3);
    candles.volume[10] = -0;
    await writeCandles(file, candles, META);
    expect(columnsOf(await readCandles(file))).toEqual(columnsOf(candles));
  });

  it('stores timestamps as BIGINT milliseconds and prices as DOUBLE, sorted', async () => {
    const file = join(tempDir(), '1m.parquet');
    await writeCandles(file, syntheticCandles(3), META);
    const schema = await withConnection(async (connection) => {
      const reader = await connection.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${sqlString(file)}))`);
      return reader.getRowObjectsJS();
    });
    expect(schema).toEqual([
      { column_name: 'timestamp', column_type: 'BIGINT' },
      ...['open', 'high', 'low', 'close', 'volume'].map((name) => ({ column_name: name, column_type: 'DOUBLE' })),
    ]);
  });

  it('writes and reads an empty file', async () => {
    const file = join(tempDir(), 'empty.parquet');
    await writeCandles(file, allocateCandles(0), META);
    expect((await readCandles(file)).timestamp.length).toBe(0);
  });

  it('records pair, timeframe, source and the simulated flag in the file metadata', async () => {
    const file = join(tempDir(), '1m.parquet');
    await writeCandles(file, syntheticCandles(3), { ...META, source: 'sim', simulated: true });
    const meta = await readCandleMeta(file);
    expect(meta).toMatchObject({ pair: 'BTC/USDT:USDT', tf: '1m', source: 'sim', simulated: true });
    expect(Date.now() - Date.parse(meta.written_at ?? '')).toBeLessThan(60_000);
  });

  it('refuses to write unsorted candles and leaves the existing file untouched', async () => {
    const file = join(tempDir(), '1m.parquet');
    await writeCandles(file, syntheticCandles(3), META);
    const before = readFileSync(file);
    const unsorted = candlesFromRows([
      [2000, 1, 1, 1, 1, 1],
      [1000, 1, 1, 1, 1, 1],
    ]);
    await expect(writeCandles(file, unsorted, META)).rejects.toThrow(/refusing to write invalid candles: row 2/);
    expect(readFileSync(file)).toEqual(before);
  });
});

describe('writeCandles refuses impossible candles', () => {
  const tempDir = useTempDir();
  const T = Date.UTC(2026, 0, 10, 12);
  const good = (t: number) => [t, 10, 11, 9, 10.5, 2] as const;

  it.each([
    ['a zero price', [T + 60_000, 0, 11, 9, 10.5, 2], /row 2 \(2026-01-10T12:01:00\.000Z\): open is 0; prices must be positive/],
    ['a negative price', [T + 60_000, 10, 11, -9, 10.5, 2], /row 2 .*: low is -9; prices must be positive/],
    ['a high below open and close', [T + 60_000, 10, 9.5, 9, 10.5, 2], /row 2 .*: high 9\.5 is below both open 10 and close 10\.5/],
    ['a low above open and close', [T + 60_000, 10, 11, 10.2, 10.1, 2], /row 2 .*: low 10\.2 is above both open 10 and close 10\.1/],
    ['a negative volume', [T + 60_000, 10, 11, 9, 10.5, -0.5], /row 2 .*: volume is -0\.5; volume cannot be negative/],
  ] as const)('with %s: a DataIntegrityError naming the first bad row and the rule, and nothing written', async (_name, bad, message) => {
    const file = join(tempDir(), 'BTCUSDT', '1m.parquet');
    const candles = candlesFromRows([good(T), [...bad], [...bad].map((v, i) => (i === 0 ? T + 120_000 : v)) as never]);
    const error = await writeCandles(file, candles, META).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataIntegrityError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).not.toMatch(/row 3/);
    expect(existsSync(file)).toBe(false);
  });

  it('accepts a doji, a zero-volume candle and a negative zero volume', async () => {
    const file = join(tempDir(), '1m.parquet');
    const candles = candlesFromRows([[T, 10, 10, 10, 10, 0], [T + 60_000, 10, 10.5, 9.5, 10, -0]]);
    await writeCandles(file, candles, META);
    expect(columnsOf(await readCandles(file))).toEqual(columnsOf(candles));
  });
});

describe('readCandles on damaged files', () => {
  const tempDir = useTempDir();

  it.each([
    ['truncated', (file: string) => truncateSync(file, Math.floor(statSync(file).size / 2))],
    ['garbage', (file: string) => writeFileSync(file, 'this is not parquet, just text pretending to be one')],
    ['empty', (file: string) => writeFileSync(file, '')],
  ])('reports a %s file as a rebuildable DataIntegrityError naming the file', async (_kind, damage) => {
    const file = join(tempDir(), 'BTCUSDT', '1h.parquet');
    await writeCandles(file, syntheticCandles(2000), META);
    damage(file);
    const error = await readCandles(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataIntegrityError);
    expect(isCorruptStoreError(error)).toBe(true);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('scalp backfill');
  });

  it.each([
    ['unsorted', '(2000, 1.0, 1.0, 1.0, 1.0, 1.0), (1000, 1.0, 1.0, 1.0, 1.0, 1.0)', /row 2: timestamp 1000 .* is before the previous one 2000/],
    ['duplicated', '(1000, 1.0, 1.0, 1.0, 1.0, 1.0), (1000, 2.0, 2.0, 2.0, 2.0, 2.0)', /row 2: timestamp 1000 .* duplicates the previous one/],
    ['NaN price', "(1000, 1.0, 1.0, 1.0, 'NaN'::DOUBLE, 1.0)", /row 1: close is NaN/],
    ['infinite volume', "(1000, 1.0, 1.0, 1.0, 1.0, 'inf'::DOUBLE)", /row 1: volume is Infinity/],
    ['NULL open', '(1000, NULL::DOUBLE, 1.0, 1.0, 1.0, 1.0)', /row 1: open is NaN/],
  ])('detects %s rows on read', async (_kind, rows, message) => {
    const file = join(tempDir(), 'bad.parquet');
    await writeRawParquet(file, rows);
    const error = await readCandles(file).catch((caught: unknown) => caught);
    expect(isCorruptStoreError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('run scalp backfill: it moves the damaged file to the quarantine folder and fetches the candles again');
  });

  it('reports a file without the candle columns', async () => {
    const file = join(tempDir(), 'other.parquet');
    await withConnection((connection) => connection.run(`COPY (SELECT 1 AS a) TO ${sqlString(file)} (FORMAT parquet)`));
    await expect(readCandles(file)).rejects.toThrow(file);
  });

  it('says how to get a missing file', async () => {
    const file = join(tempDir(), 'missing.parquet');
    await expect(readCandles(file)).rejects.toThrow(/missing\.parquet: no candle file here; run scalp backfill/);
    expect(existsSync(file)).toBe(false);
  });
});

describe('mergeCandles', () => {
  const row = (t: number, close: number) => [t, close, close, close, close, 1] as const;
  it.each([
    ['appends newer candles', [row(1, 1), row(2, 2)], [row(3, 3)], [row(1, 1), row(2, 2), row(3, 3)]],
    ['lets incoming win on duplicates', [row(1, 1), row(2, 2)], [row(2, 20), row(3, 30)], [row(1, 1), row(2, 20), row(3, 30)]],
    ['fills a gap in the middle', [row(1, 1), row(4, 4)], [row(2, 2), row(3, 3)], [row(1, 1), row(2, 2), row(3, 3), row(4, 4)]],
    ['prepends older candles', [row(5, 5)], [row(1, 1), row(2, 2)], [row(1, 1), row(2, 2), row(5, 5)]],
    ['sorts unsorted incoming, last duplicate wins', [row(1, 1)], [row(3, 3), row(2, 2), row(3, 33)], [row(1, 1), row(2, 2), row(3, 33)]],
    ['keeps existing when nothing comes in', [row(1, 1)], [], [row(1, 1)]],
    ['interleaves', [row(1, 1), row(3, 3), row(5, 5)], [row(2, 2), row(3, 30), row(6, 6)], [row(1, 1), row(2, 2), row(3, 30), row(5, 5), row(6, 6)]],
  ])('%s', (_name, existing, incoming, expected) => {
    expect(candleRows(mergeCandles(candlesFromRows(existing), candlesFromRows(incoming)))).toEqual(expected);
  });
});

describe('appendCandles', () => {
  const tempDir = useTempDir();

  it('creates the file, then merges later fetches into it', async () => {
    const file = join(tempDir(), 'ohlcv', 'BTCUSDT', '1m.parquet');
    const all = syntheticCandles(300);
    await appendCandles(file, sliceCandles(all, 0, 200), META);
    const merged = await appendCandles(file, sliceCandles(all, 150, 300), META);
    expect(columnsOf(merged)).toEqual(columnsOf(all));
    expect(columnsOf(await readCandles(file))).toEqual(columnsOf(all));
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('quarantines impossible candles of an older file when asked to, instead of failing the append', async () => {
    const file = join(tempDir(), '1m.parquet');
    await writeRawParquet(file, '(60000, 10.0, 11.0, 9.0, 10.5, 1.0), (120000, 0.0, 11.0, 9.0, 10.5, 1.0), (180000, 10.0, 11.0, 9.0, 10.5, 1.0)');
    const incoming = candlesFromRows([[240_000, 10, 11, 9, 10.5, 1], [300_000, 10, 9, 8, 10.5, 1]]);
    await expect(appendCandles(file, incoming, META)).rejects.toThrow(/row 2 .*: open is 0; prices must be positive/);
    const refused: { row: readonly number[]; rule: string }[] = [];
    const merged = await appendCandles(file, incoming, META, { onRefused: (rows) => refused.push(...rows) });
    expect(refused.map(({ row, rule }) => [row[0], rule])).toEqual([[120_000, 'price_not_positive'], [300_000, 'high_below_body']]);
    expect(Array.from(merged.timestamp)).toEqual([60_000, 180_000, 240_000]);
    expect(Array.from((await readCandles(file)).timestamp)).toEqual([60_000, 180_000, 240_000]);
  });

  it('keeps the union when appends to one file run concurrently', async () => {
    const file = join(tempDir(), '1m.parquet');
    const all = syntheticCandles(1000);
    const slices = Array.from({ length: 8 }, (_, k) => sliceCandles(all, k * 125, (k + 1) * 125));
    await Promise.all(slices.map((slice) => appendCandles(file, slice, META)));
    expect(columnsOf(await readCandles(file))).toEqual(columnsOf(all));
  });
});
