import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { candleCount } from '../../src/core/candles.js';
import { backfillAll, backfillFailure, backfillPair } from '../../src/data/backfill.js';
import { createCcxtExchange } from '../../src/data/ccxt-exchange.js';
import type { Exchange } from '../../src/data/exchange.js';
import { readManifest } from '../../src/data/manifest.js';
import { ohlcvPath, readCandles } from '../../src/data/ohlcv-store.js';
import { startFakeBinance, type FakeBinanceServer, type FakeGap } from '../helpers/fake-binance-server.js';

const MINUTE = 60_000;
/** 30 s into the 12:00 candle: that candle is still open. */
const NOW = Date.UTC(2026, 0, 10, 12, 0, 30);
const OPEN_CANDLE = Date.UTC(2026, 0, 10, 12, 0, 0);
const KLINES = '/api/v3/klines';

describe('backfill through ccxt binance against a fake Binance', () => {
  let server: FakeBinanceServer;
  let exchange: Exchange;
  let dataDir: string;

  async function start(gaps: FakeGap[] = []) {
    server = await startFakeBinance({
      nowMs: NOW,
      gaps,
      symbols: [{ base: 'BTC', quote: 'USDT' }, { base: 'ETH', quote: 'USDT' }, { base: 'SOL', quote: 'USDT' }],
    });
    exchange = createCcxtExchange({ id: 'binance', market: 'spot', quote: 'USDT', exchangeOptions: server.exchangeOptions(250) });
  }
  const settings = () => ({ exchange, dataDir, backfillLimit: 100, csvMirror: false, retries: 2, retryBaseMs: 5, now: NOW });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scalp-backfill-'));
  });
  afterEach(async () => {
    await exchange?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fetches 2500 one-minute candles in 3 pages the first time, without the still-open candle', async () => {
    await start();
    const report = await backfillPair({ ...settings(), pair: 'BTC/USDT', tf: '1m', backfillLimit: 2500 });
    expect(report).toMatchObject({ status: 'ok', fetched: 2500, added: 2500, rows: 2500, gaps_refetched: 0, gaps_unfilled: 0 });
    const first = OPEN_CANDLE - 2500 * MINUTE;
    expect(server.requestsTo(KLINES, 'BTCUSDT').map((r) => [Number(r.query.startTime), Number(r.query.limit)])).toEqual([
      [first, 1000], [first + 1000 * MINUTE, 1000], [first + 2000 * MINUTE, 500],
    ]);
    const candles = await readCandles(ohlcvPath(dataDir, 'BTC/USDT', '1m'));
    expect(candleCount(candles)).toBe(2500);
    expect([candles.timestamp[0], candles.timestamp[2499]]).toEqual([first, OPEN_CANDLE - MINUTE]);
    const entry = (await readManifest(dataDir)).entries['BTC/USDT|1m'];
    expect(entry).toMatchObject({ rows: 2500, first, last: OPEN_CANDLE - MINUTE, gaps: [], source: 'binance', simulated: false });
  });

  it('fetches only the candles after the last stored one on the next run', async () => {
    await start();
    await backfillPair({ ...settings(), pair: 'BTC/USDT', tf: '1m' });
    const later = NOW + 10 * MINUTE;
    server.nowMs = later;
    const report = await backfillPair({ ...settings(), pair: 'BTC/USDT', tf: '1m', now: later });
    expect(report).toMatchObject({ status: 'ok', fetched: 10, added: 10, rows: 110 });
    expect(server.requestsTo(KLINES, 'BTCUSDT').at(-1)?.query).toMatchObject({ startTime: String(OPEN_CANDLE), limit: '10' });
    expect(server.requestsTo(KLINES, 'BTCUSDT')).toHaveLength(2);
  });

  it('asks once more for a gap the exchange never fills, keeps it a gap and records it in the manifest', async () => {
    const gapFrom = OPEN_CANDLE - 50 * MINUTE;
    await start([{ symbol: 'BTCUSDT', from: gapFrom, to: gapFrom + 5 * MINUTE }]);
    const report = await backfillPair({ ...settings(), pair: 'BTC/USDT', tf: '1m' });
    expect(report).toMatchObject({ status: 'ok', rows: 95, gaps_refetched: 1, gaps_unfilled: 1 });
    const requests = server.requestsTo(KLINES, 'BTCUSDT');
    expect(requests.map((r) => Number(r.query.startTime))).toEqual([OPEN_CANDLE - 100 * MINUTE, gapFrom]);
    expect(requests[1].query.limit).toBe('5');
    const candles = await readCandles(ohlcvPath(dataDir, 'BTC/USDT', '1m'));
    expect(candles.timestamp.at(-1)).toBe(OPEN_CANDLE - MINUTE); // the server filled the page up to the open candle
    expect(candles.timestamp.includes(gapFrom)).toBe(false);
    const gap = { from: gapFrom, to: gapFrom + 4 * MINUTE, missing: 5 };
    expect((await readManifest(dataDir)).entries['BTC/USDT|1m']).toMatchObject({ gaps: [gap], missing_total: 5, unfilled_gaps: [gap] });
  });

  it.each([
    { kind: 'rate-limit' as const, label: 'a 429' },
    { kind: 'server-error' as const, label: 'a 503' },
    { kind: 'hang' as const, label: 'a timeout' },
  ])('retries after $label and then stores the candles', async ({ kind }) => {
    await start();
    server.addFault({ path: KLINES, symbol: 'ETHUSDT', kind, times: 1 });
    const report = await backfillPair({ ...settings(), pair: 'ETH/USDT', tf: '5m' });
    expect(report).toMatchObject({ status: 'ok', rows: 100 });
    expect(server.requestsTo(KLINES, 'ETHUSDT')).toHaveLength(2);
  });

  it('reports a pair that always times out as failed while the other pairs are saved', async () => {
    await start();
    server.addFault({ path: KLINES, symbol: 'ETHUSDT', kind: 'hang', times: Infinity });
    const progress: number[] = [];
    const reports = await backfillAll({
      ...settings(), pairs: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'], tfs: ['1m'], onProgress: ({ done, total }) => progress.push(done / total),
    });
    expect(reports.map((r) => [r.pair, r.status])).toEqual([['BTC/USDT', 'ok'], ['ETH/USDT', 'failed'], ['SOL/USDT', 'ok']]);
    expect(reports[1].error).toMatch(/binance fetchOHLCV ETH\/USDT 1m/);
    expect(server.requestsTo(KLINES, 'ETHUSDT')).toHaveLength(3);
    expect(progress).toEqual([1 / 3, 2 / 3, 1]);
    const failure = backfillFailure(reports);
    expect(failure?.exitCode).toBe(1);
    expect(failure?.failures.map((f) => f.item)).toEqual(['ETH/USDT 1m']);
    expect(existsSync(ohlcvPath(dataDir, 'ETH/USDT', '1m'))).toBe(false);
    expect(backfillFailure(reports.filter((r) => r.status === 'ok'))).toBeUndefined();
  });

  it('fails a symbol the exchange rejects without retrying', async () => {
    await start();
    server.addFault({ path: KLINES, symbol: 'SOLUSDT', kind: 'invalid-symbol', times: Infinity });
    const report = await backfillPair({ ...settings(), pair: 'SOL/USDT', tf: '1m' });
    expect(report).toMatchObject({ status: 'failed', rows: 0 });
    expect(report.error).toMatch(/Invalid symbol/);
    expect(server.requestsTo(KLINES, 'SOLUSDT')).toHaveLength(1);
  });

  it('rebuilds a corrupt Parquet file from scratch', async () => {
    await start();
    const file = ohlcvPath(dataDir, 'BTC/USDT', '15m');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, 'this is not parquet');
    const report = await backfillPair({ ...settings(), pair: 'BTC/USDT', tf: '15m' });
    expect(report).toMatchObject({ status: 'ok', rebuilt: true, rows: 100, added: 100 });
    expect(candleCount(await readCandles(file))).toBe(100);
  });

  it('mirrors the candles to CSV when csv_mirror is on', async () => {
    await start();
    await backfillPair({ ...settings(), pair: 'BTC/USDT', tf: '1h', csvMirror: true, backfillLimit: 24 });
    const csv = await readFile(join(dataDir, 'ohlcv', 'BTCUSDT', '1h.csv'), 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('timestamp,open,high,low,close,volume');
    expect(lines).toHaveLength(25);
    expect(lines[24].split(',')[0]).toBe(String(Date.UTC(2026, 0, 10, 11)));
  });
});
