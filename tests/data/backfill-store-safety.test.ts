import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candleCount, candlesFromRows, type CandleRow } from '../../src/core/candles.js';
import { backfillPair } from '../../src/data/backfill.js';
import { readManifest } from '../../src/data/manifest.js';
import { ohlcvPath, readCandles, writeCandles } from '../../src/data/ohlcv-store.js';
import { acquireLock } from '../../src/io/lock-file.js';
import { KLINES, MINUTE, OPEN_CANDLE, useBinanceBackfill } from './fixtures/binance-backfill.js';

const META = { pair: 'BTC/USDT', tf: '1m', source: 'binance', simulated: false } as const;

/** `count` one-minute candles ending `endsBefore` minutes before the open candle. */
function history(count: number, endsBefore: number): CandleRow[] {
  const last = OPEN_CANDLE - endsBefore * MINUTE;
  return Array.from({ length: count }, (_, i): CandleRow => [last - (count - 1 - i) * MINUTE, 100, 101, 99, 100.5, 3]);
}

describe('backfill never throws away stored history', () => {
  const start = useBinanceBackfill();

  it('reads the stored file under its lock: a writer mid-rewrite is waited for, not mistaken for corruption', async () => {
    const bench = await start();
    const file = ohlcvPath(bench.dataDir, 'BTC/USDT', '1m');
    const stored = candlesFromRows(history(300, 10)); // three times backfill_limit: older than a rebuild would fetch
    await writeCandles(file, stored, META);
    const valid = readFileSync(file);
    const lock = await acquireLock(`${file}.lock`);
    writeFileSync(file, valid.subarray(0, valid.length / 2)); // what a reader ignoring the lock may see mid-rewrite
    const running = backfillPair({ ...bench.settings(), pair: 'BTC/USDT', tf: '1m' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(file, valid); // the writer finishes
    await lock.release();
    const report = await running;
    expect(report).toMatchObject({ status: 'ok', rebuilt: false, fetched: 9, added: 9, rows: 309 });
    expect((await readCandles(file)).timestamp[0]).toBe(stored.timestamp[0]);
    expect(existsSync(join(bench.dataDir, 'quarantine'))).toBe(false);
  });

  it('moves a really corrupt file to data/quarantine/ (never deletes it), rebuilds it, and says where it went', async () => {
    const bench = await start();
    const file = ohlcvPath(bench.dataDir, 'BTC/USDT', '1m');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'this is not parquet');
    writeFileSync(`${file.replace(/\.parquet$/, '.csv')}`, 'timestamp,open,high,low,close,volume\n');
    const report = await backfillPair({ ...bench.settings(), pair: 'BTC/USDT', tf: '1m' });
    expect(report).toMatchObject({ status: 'ok', rebuilt: true, rows: 100 });
    const moved = report.quarantined_file ?? '';
    expect(moved.startsWith(join(bench.dataDir, 'quarantine', 'ohlcv', 'BTCUSDT'))).toBe(true);
    expect(readFileSync(moved, 'utf8')).toBe('this is not parquet');
    expect(readdirSync(dirname(moved)).sort()).toEqual([moved.split('/').at(-1), moved.split('/').at(-1)?.replace(/\.parquet$/, '.csv')].sort());
    expect(report.warnings.join('\n')).toContain(`${file} was corrupt`);
    expect(report.warnings.join('\n')).toContain(`moved to ${moved}`);
    expect(candleCount(await readCandles(file))).toBe(100);
    const entry = (await readManifest(bench.dataDir)).entries['BTC/USDT|1m'];
    expect(entry.quarantined_files).toEqual([expect.objectContaining({ path: moved, reason: expect.stringContaining('Parquet') })]);
  });

  it('leaves a file it cannot read (but that is not damaged) where it is, and fails the pair saying why', async () => {
    const bench = await start();
    const file = ohlcvPath(bench.dataDir, 'BTC/USDT', '1m');
    mkdirSync(file, { recursive: true }); // unreadable as a file, and nothing a rebuild should touch
    const report = await backfillPair({ ...bench.settings(), pair: 'BTC/USDT', tf: '1m' });
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/1m\.parquet: cannot be read .*left untouched/);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(join(bench.dataDir, 'quarantine'))).toBe(false);
    expect(bench.server.requestsTo(KLINES)).toHaveLength(0);
  });
});
