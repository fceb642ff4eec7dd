import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { candleCount } from '../../src/core/candles.js';
import { backfillPair } from '../../src/data/backfill.js';
import { readCandlesCsv } from '../../src/data/csv-candles.js';
import { readManifest } from '../../src/data/manifest.js';
import { ohlcvPath, readCandles } from '../../src/data/ohlcv-store.js';
import type { Fault } from '../helpers/fake-binance-server.js';
import { HAS_SHARED_DATA, SHARED_DATA_SKIP_MESSAGE, sharedCandleCsv } from '../helpers/shared-data.js';
import { firstDifference } from '../io/fixtures/synthetic-candles.js';
import { KLINES, useBinanceBackfill } from './fixtures/binance-backfill.js';

const HOUR = 3_600_000;

if (!HAS_SHARED_DATA) console.warn(`skipping the real-candle backfill test: ${SHARED_DATA_SKIP_MESSAGE}`);

describe.skipIf(!HAS_SHARED_DATA)('backfill of real Binance candles through every fault the loopback exchange knows', () => {
  const start = useBinanceBackfill();

  it('stores BTCUSDT 1h bit for bit, its 7 real gaps unfilled, after every fault was retried once', async () => {
    const csvFile = sharedCandleCsv({ dir: 'BTCUSDT', tf: '1h' });
    const real = readCandlesCsv(csvFile);
    const rows = candleCount(real);
    const first = real.timestamp[0];
    const openCandle = real.timestamp[rows - 1] + HOUR;
    const bench = await start({
      nowMs: openCandle + 30_000,
      symbols: [{ base: 'BTC', quote: 'USDT' }],
      series: [{ symbol: 'BTCUSDT', interval: '1h', candles: real }],
      pageLimit: 250, // 30 pages: room for one fault on each of pages 2 to 13
    });
    const spread: Omit<Fault, 'path' | 'symbol' | 'times' | 'skip'>[] = [
      { kind: 'binance-error', status: 500, code: -1000 },
      { kind: 'binance-error', status: 500, code: -1001 },
      { kind: 'binance-error', status: 500, code: -1006 },
      { kind: 'binance-error', status: 503, code: -1008 },
      { kind: 'server-error' },
      { kind: 'html-200' },
      { kind: 'empty-body' },
      { kind: 'truncated-body' },
      { kind: 'empty-page' },
      { kind: 'backwards-page' },
      { kind: 'ban', retryAfterSeconds: 1 },
      { kind: 'rate-limit', retryAfterSeconds: 0 },
    ];
    // skip 1, 3, 5...: each fault fails one page once, and the retry of that page succeeds
    spread.forEach((fault, k) => bench.server.addFault({ ...fault, path: KLINES, symbol: 'BTCUSDT', skip: 2 * k + 1, times: 1 }));
    const zeroPriceAt = real.timestamp[4000];
    bench.server.addFault({ path: KLINES, symbol: 'BTCUSDT', kind: 'bad-candle', candle: { openTime: zeroPriceAt, fields: { open: '0.00000000' } }, times: 1 });

    const report = await backfillPair({
      ...bench.settings(), pair: 'BTC/USDT', tf: '1h', backfillLimit: (openCandle - first) / HOUR, csvMirror: true,
    });
    expect(bench.server.pendingFaults()).toEqual([]);
    expect(report).toMatchObject({ status: 'ok', rows, gaps_unfilled: 7, quarantined_rows: 1, fetch_gaps: 0, rebuilt: false });
    const file = ohlcvPath(bench.dataDir, 'BTC/USDT', '1h');
    expect(firstDifference(await readCandles(file), real)).toBe('same');
    expect(readFileSync(file.replace(/\.parquet$/, '.csv'), 'utf8')).toBe(readFileSync(csvFile, 'utf8'));
    const entry = (await readManifest(bench.dataDir)).entries['BTC/USDT|1h'];
    expect(entry).toMatchObject({ rows, first, missing_total: 12, fetch_gaps: [] });
    expect(entry.quarantined_rows).toEqual([expect.objectContaining({ timestamp: zeroPriceAt, open: 0, rule: 'price_not_positive' })]);
  });
});
