import { describe, expect, it } from 'vitest';
import { candleCount } from '../../src/core/candles.js';
import { backfillAll, backfillPair } from '../../src/data/backfill.js';
import { readManifest } from '../../src/data/manifest.js';
import { ohlcvPath, readCandles } from '../../src/data/ohlcv-store.js';
import { KLINES, MINUTE, OPEN_CANDLE, useBinanceBackfill } from './fixtures/binance-backfill.js';

/** Open time of the first of 2500 one-minute candles: three pages of 1000, 1000 and 500. */
const FIRST = OPEN_CANDLE - 2500 * MINUTE;
const SECOND_PAGE = FIRST + 1000 * MINUTE;

describe('backfill keeps going through what real exchanges answer', () => {
  const start = useBinanceBackfill();

  it.each([
    { status: 500, code: -1000 },
    { status: 500, code: -1001 },
    { status: 500, code: -1006 },
    { status: 503, code: -1008 },
  ])('retries Binance\'s HTTP $status {"code":$code} and stores every candle', async ({ status, code }) => {
    const bench = await start();
    bench.server.addFault({ path: KLINES, symbol: 'BTCUSDT', kind: 'binance-error', status, code, skip: 1, times: 2 });
    const report = await backfillPair({ ...bench.settings(), pair: 'BTC/USDT', tf: '1m', backfillLimit: 2500 });
    expect(report).toMatchObject({ status: 'ok', fetched: 2500, rows: 2500 });
    expect(bench.server.requestsTo(KLINES, 'BTCUSDT').map((r) => Number(r.query.startTime))).toEqual([
      FIRST, SECOND_PAGE, SECOND_PAGE, SECOND_PAGE, FIRST + 2000 * MINUTE,
    ]);
  });

  it.each(['html-200', 'empty-body', 'truncated-body', 'empty-page', 'backwards-page'] as const)(
    'asks again for a second page answered with %s: never the end of history',
    async (kind) => {
      const bench = await start();
      bench.server.addFault({ path: KLINES, symbol: 'BTCUSDT', kind, skip: 1, times: 1 });
      const report = await backfillPair({ ...bench.settings(), pair: 'BTC/USDT', tf: '1m', backfillLimit: 2500 });
      expect(report).toMatchObject({ status: 'ok', fetched: 2500, rows: 2500, gaps_unfilled: 0 });
      const candles = await readCandles(ohlcvPath(bench.dataDir, 'BTC/USDT', '1m'));
      expect([candles.timestamp[0], candles.timestamp[2499]]).toEqual([FIRST, OPEN_CANDLE - MINUTE]);
    },
  );

  it('records a page that stays empty as a gap, fetches the pages after it, and fills it on the next run', async () => {
    const bench = await start();
    // the second page and its 2 retries come back empty, the third page is fine, the one gap refetch empty again
    bench.server.addFault({ path: KLINES, symbol: 'BTCUSDT', kind: 'empty-page', skip: 1, times: 3 });
    bench.server.addFault({ path: KLINES, symbol: 'BTCUSDT', kind: 'empty-page', skip: 5, times: 1 });
    const report = await backfillPair({ ...bench.settings(), pair: 'BTC/USDT', tf: '1m', backfillLimit: 2500 });
    const gap = { from: SECOND_PAGE, to: SECOND_PAGE + 999 * MINUTE, missing: 1000 };
    expect(report).toMatchObject({ status: 'ok', fetched: 1500, rows: 1500, gaps_unfilled: 1, fetch_gaps: 1 });
    expect(report.warnings.join('\n')).toMatch(/BTC\/USDT 1m: the exchange answered no candles .* 3 times; recorded as a gap/);
    expect(bench.server.requestsTo(KLINES, 'BTCUSDT').map((r) => Number(r.query.startTime))).toEqual([
      FIRST, SECOND_PAGE, SECOND_PAGE, SECOND_PAGE, SECOND_PAGE + 1000 * MINUTE, SECOND_PAGE,
    ]);
    const candles = await readCandles(ohlcvPath(bench.dataDir, 'BTC/USDT', '1m'));
    expect(candles.timestamp.at(-1)).toBe(OPEN_CANDLE - MINUTE);
    const entry = (await readManifest(bench.dataDir)).entries['BTC/USDT|1m'];
    expect(entry).toMatchObject({ gaps: [gap], unfilled_gaps: [gap], fetch_gaps: [{ ...gap, reason: expect.stringMatching(/no candles/) }] });

    const next = await backfillPair({ ...bench.settings(), pair: 'BTC/USDT', tf: '1m' });
    expect(next).toMatchObject({ status: 'ok', added: 1000, rows: 2500, gaps_unfilled: 0, fetch_gaps: 0 });
    expect((await readManifest(bench.dataDir)).entries['BTC/USDT|1m']).toMatchObject({ gaps: [], fetch_gaps: [] });
  });

  it('records a first page that stays empty as a fetch gap before the history, and asks for it again next run', async () => {
    const bench = await start();
    bench.server.addFault({ path: KLINES, symbol: 'BTCUSDT', kind: 'empty-page', times: 3 });
    const report = await backfillPair({ ...bench.settings(), pair: 'BTC/USDT', tf: '1m', backfillLimit: 2500 });
    expect(report).toMatchObject({ status: 'ok', rows: 1500, gaps_unfilled: 0, fetch_gaps: 1 });
    const recorded = (await readManifest(bench.dataDir)).entries['BTC/USDT|1m'].fetch_gaps;
    expect(recorded).toEqual([expect.objectContaining({ from: FIRST, to: SECOND_PAGE - MINUTE, missing: 1000 })]);

    const next = await backfillPair({ ...bench.settings(), pair: 'BTC/USDT', tf: '1m' });
    expect(next).toMatchObject({ status: 'ok', added: 1000, rows: 2500, fetch_gaps: 0 });
    expect(bench.server.requestsTo(KLINES, 'BTCUSDT').at(-1)?.query).toMatchObject({ startTime: String(FIRST), limit: '1000' });
  });

  it('waits out a 418 with a short Retry-After and then stores the candles', async () => {
    const bench = await start();
    bench.server.addFault({ path: KLINES, symbol: 'ETHUSDT', kind: 'ban', retryAfterSeconds: 1, times: 1 });
    const started = Date.now();
    const report = await backfillPair({ ...bench.settings(), pair: 'ETH/USDT', tf: '5m' });
    expect(report).toMatchObject({ status: 'ok', rows: 100 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(bench.server.requestsTo(KLINES, 'ETHUSDT')).toHaveLength(2);
  });

  it('fails every pair at once on a ban longer than it waits, says until when, and sends nothing more', async () => {
    const bench = await start();
    bench.server.addFault({ path: KLINES, kind: 'ban', retryAfterSeconds: 7200, times: 1 });
    const started = Date.now();
    const reports = await backfillAll({ ...bench.settings(), pairs: ['BTC/USDT', 'ETH/USDT'], tfs: ['1m'], concurrency: 1 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(reports.map((r) => r.status)).toEqual(['failed', 'failed']);
    for (const report of reports) {
      const until = Date.parse(/until (\S+Z)/.exec(report.error ?? '')?.[1] ?? '');
      expect(until).toBeGreaterThanOrEqual(started + 7_200_000);
      expect(until).toBeLessThanOrEqual(Date.now() + 7_200_000);
      expect(report.error).toMatch(/longer than the 60 s scalp waits: run it again after /);
    }
    expect(reports[0].error).toMatch(/HTTP 418/);
    expect(bench.server.requestsTo(KLINES)).toHaveLength(1);
  });
});

describe('backfill refuses impossible candles from the exchange', () => {
  const start = useBinanceBackfill();
  const BAD_AT = OPEN_CANDLE - 40 * MINUTE;

  it.each([
    { rule: 'price_not_positive', fields: { open: '0.00000000' }, reason: /open is 0; prices must be positive/ },
    { rule: 'price_not_positive', fields: { close: '-1.00000000' }, reason: /close is -1; prices must be positive/ },
    { rule: 'high_below_body', fields: { high: '1.00000000' }, reason: /high 1 is below both open .* and close/ },
    { rule: 'low_above_body', fields: { low: '100000.00000000' }, reason: /low 100000 is above both open .* and close/ },
    { rule: 'negative_volume', fields: { volume: '-5.00000000' }, reason: /volume is -5; volume cannot be negative/ },
  ])('quarantines a candle breaking $rule ($fields), records it in the manifest, and stores the others', async ({ rule, fields, reason }) => {
    const bench = await start();
    bench.server.addFault({ path: KLINES, symbol: 'BTCUSDT', kind: 'bad-candle', candle: { openTime: BAD_AT, fields }, times: Infinity });
    const report = await backfillPair({ ...bench.settings(), pair: 'BTC/USDT', tf: '1m' });
    expect(report).toMatchObject({ status: 'ok', rows: 99, quarantined_rows: 1, gaps_unfilled: 1 });
    expect(report.warnings.join('\n')).toMatch(/BTC\/USDT 1m: 1 candle refused .*manifest\.json/);
    const candles = await readCandles(ohlcvPath(bench.dataDir, 'BTC/USDT', '1m'));
    expect(candleCount(candles)).toBe(99);
    expect(candles.timestamp.includes(BAD_AT)).toBe(false);
    const entry = (await readManifest(bench.dataDir)).entries['BTC/USDT|1m'];
    expect(entry.quarantined_rows).toEqual([expect.objectContaining({ timestamp: BAD_AT, rule, reason: expect.stringMatching(reason) })]);
    expect(entry.gaps).toEqual([{ from: BAD_AT, to: BAD_AT, missing: 1 }]);

    // asked again on the next run (still bad): recorded once, never stored
    bench.server.nowMs += 5 * MINUTE;
    await backfillPair({ ...bench.settings(), pair: 'BTC/USDT', tf: '1m' });
    expect((await readManifest(bench.dataDir)).entries['BTC/USDT|1m'].quarantined_rows).toHaveLength(1);
  });
});
