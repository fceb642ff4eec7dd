import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachePathFor, fingerprintOf, readCandleCache } from '../../src/data/candle-cache.js';
import { appendCandles, readCandles, writeCandles } from '../../src/data/ohlcv-store.js';
import { columnsOf, syntheticCandles } from '../io/fixtures/synthetic-candles.js';
import { useTempDir } from '../io/fixtures/temp-dir.js';

const META = { pair: 'BTC/USDT', tf: '1m', source: 'test', simulated: false } as const;

describe('columnar candle cache', () => {
  const tempDir = useTempDir();

  it('is created beside the Parquet on first read and holds the same candles', async () => {
    const file = join(tempDir(), '1m.parquet');
    const candles = syntheticCandles(1234, 5);
    await writeCandles(file, candles, META);
    expect(existsSync(cachePathFor(file))).toBe(false);
    await readCandles(file);
    expect(cachePathFor(file)).toBe(`${file}.cols`);
    expect(statSync(cachePathFor(file)).size).toBe(64 + 1234 * 6 * 8);
    const cached = readCandleCache(file, fingerprintOf(statSync(file)));
    expect(cached && columnsOf(cached)).toEqual(columnsOf(candles));
  });

  it('is what a warm read returns: columns are views on one buffer', async () => {
    const file = join(tempDir(), '1m.parquet');
    await writeCandles(file, syntheticCandles(5000), META);
    await readCandles(file);
    const warm = await readCandles(file);
    expect(warm.open.buffer).toBe(warm.volume.buffer);
    expect(warm.open.buffer.byteLength).toBe(64 + 5000 * 6 * 8);
  });

  it('is used while the Parquet is unchanged, even if that means serving the cached candles', async () => {
    const file = join(tempDir(), '1m.parquet');
    await writeCandles(file, syntheticCandles(100, 1), META);
    await readCandles(file);
    // Tamper with the cached close column only: a warm read must come from the cache, not the Parquet.
    const bytes = readFileSync(cachePathFor(file));
    const closeAt = 64 + 4 * 100 * 8;
    bytes.writeDoubleLE(42.5, closeAt);
    writeFileSync(cachePathFor(file), bytes);
    expect((await readCandles(file)).close[0]).toBe(42.5);
  });

  it('is rebuilt after the Parquet is rewritten with different candles', async () => {
    const file = join(tempDir(), '1m.parquet');
    await writeCandles(file, syntheticCandles(100, 1), META);
    await readCandles(file);
    const replacement = syntheticCandles(100, 2);
    await writeCandles(file, replacement, META);
    expect(columnsOf(await readCandles(file))).toEqual(columnsOf(replacement));
    expect(columnsOf(readCandleCache(file, fingerprintOf(statSync(file)))!)).toEqual(columnsOf(replacement));
  });

  it('is primed by appendCandles with the merged candles', async () => {
    const file = join(tempDir(), '1m.parquet');
    const merged = await appendCandles(file, syntheticCandles(50, 4), META);
    const cached = readCandleCache(file, fingerprintOf(statSync(file)));
    expect(cached && columnsOf(cached)).toEqual(columnsOf(merged));
  });

  it.each([
    ['garbage', () => Buffer.from('definitely not a cache')],
    ['a truncated copy', (bytes: Buffer) => bytes.subarray(0, bytes.length - 8)],
    ['a wrong magic', (bytes: Buffer) => Buffer.concat([Buffer.from('XXXXXXXX'), bytes.subarray(8)])],
    ['an empty file', () => Buffer.alloc(0)],
  ])('is ignored and rebuilt when it holds %s', async (_kind, corrupt) => {
    const file = join(tempDir(), '1m.parquet');
    const candles = syntheticCandles(300, 9);
    await writeCandles(file, candles, META);
    await readCandles(file);
    writeFileSync(cachePathFor(file), corrupt(readFileSync(cachePathFor(file))));
    expect(columnsOf(await readCandles(file))).toEqual(columnsOf(candles));
    expect(statSync(cachePathFor(file)).size).toBe(64 + 300 * 6 * 8);
  });
});
