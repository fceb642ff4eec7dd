import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ExchangeUnavailableError } from '../../src/core/errors.js';
import { ccxtOhlcvPageLimit, createCcxtExchange, ExchangeRateLimitedError, ExchangeRequestError } from '../../src/data/ccxt-exchange.js';
import type { Exchange } from '../../src/data/exchange.js';
import { startFakeBinance, type FakeBinanceServer } from '../helpers/fake-binance-server.js';

const NOW = Date.UTC(2026, 0, 10, 12, 30, 20);

describe('ccxt exchange against a fake Binance on loopback', () => {
  let server: FakeBinanceServer;
  let exchange: Exchange;

  beforeAll(async () => {
    server = await startFakeBinance({
      nowMs: NOW,
      symbols: [
        { base: 'BTC', quote: 'USDT', quoteVolume: 5e9, lastPrice: 60000 },
        { base: 'ETH', quote: 'USDT', quoteVolume: 2e9, lastPrice: 3000 },
        { base: 'LUNA', quote: 'USDT', status: 'BREAK', quoteVolume: 0 },
        { base: 'ETH', quote: 'BTC', quoteVolume: 1000 },
      ],
    });
    exchange = createCcxtExchange({ id: 'binance', market: 'spot', quote: 'USDT', exchangeOptions: server.exchangeOptions(300) });
  });
  afterAll(async () => {
    await exchange?.close();
    await server?.close();
  });

  it('lists spot markets with base, quote and the BREAK market inactive', async () => {
    const markets = await exchange.loadMarkets();
    expect([...markets].sort((a, b) => a.symbol.localeCompare(b.symbol))).toEqual([
      { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', type: 'spot', active: true },
      { symbol: 'ETH/BTC', base: 'ETH', quote: 'BTC', type: 'spot', active: true },
      { symbol: 'ETH/USDT', base: 'ETH', quote: 'USDT', type: 'spot', active: true },
      { symbol: 'LUNA/USDT', base: 'LUNA', quote: 'USDT', type: 'spot', active: false },
    ]);
    expect(server.unknownPaths).toEqual([]);
  });

  it('reads 24h quote volume and last price from the tickers', async () => {
    const tickers = await exchange.fetchTickers();
    expect(tickers.find((t) => t.symbol === 'BTC/USDT')).toEqual({ symbol: 'BTC/USDT', quoteVolume: 5e9, last: 60000 });
    expect(tickers.find((t) => t.symbol === 'ETH/BTC')?.quoteVolume).toBe(1000);
  });

  it('returns candles from `since` on, as numbers, including the still-open one at the server clock', async () => {
    const since = NOW - 5 * 60_000;
    const rows = await exchange.fetchOHLCV('BTC/USDT', '1m', since, 1000);
    expect(rows.map((row) => row[0])).toEqual([0, 1, 2, 3, 4].map((k) => Math.ceil(since / 60_000) * 60_000 + k * 60_000));
    for (const row of rows) expect(row.every((value) => typeof value === 'number' && Number.isFinite(value))).toBe(true);
    expect(server.requestsTo('/api/v3/klines', 'BTCUSDT').at(-1)?.query).toMatchObject({ interval: '1m', limit: '1000', startTime: String(since) });
    expect(exchange.ohlcvPageLimit).toBe(1000);
  });

  /** A client of its own, for tests that leave it paused by a Retry-After. */
  const ownClient = () => createCcxtExchange({ id: 'binance', market: 'spot', quote: 'USDT', exchangeOptions: server.exchangeOptions(300) });

  it.each([
    { kind: 'rate-limit' as const, expected: ExchangeRateLimitedError },
    { kind: 'server-error' as const, expected: ExchangeUnavailableError },
    { kind: 'hang' as const, expected: ExchangeUnavailableError },
  ])('turns a $kind into a retryable ExchangeUnavailableError', async ({ kind, expected }) => {
    const own = ownClient();
    await own.loadMarkets();
    server.addFault({ path: '/api/v3/klines', symbol: 'ETHUSDT', kind, times: 1, retryAfterSeconds: 2 });
    const error = await own.fetchOHLCV('ETH/USDT', '1m', NOW - 60_000, 10).catch((e: unknown) => e);
    await own.close();
    expect(error).toBeInstanceOf(expected);
    expect((error as ExchangeUnavailableError).retryable).toBe(true);
    expect((error as Error).message).toContain('binance fetchOHLCV ETH/USDT 1m');
    if (kind === 'rate-limit') expect((error as ExchangeRateLimitedError).retryAfterMs).toBe(2000);
  });

  it('turns an exchange-side invalid symbol into a fatal error with the exchange message', async () => {
    server.addFault({ path: '/api/v3/klines', symbol: 'ETHUSDT', kind: 'invalid-symbol', times: 1 });
    const error = await exchange.fetchOHLCV('ETH/USDT', '1m', NOW - 60_000, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeRequestError);
    expect((error as ExchangeRequestError).retryable).toBe(false);
    expect((error as Error).message).toMatch(/Invalid symbol/);
  });

  it.each([
    { status: 500, code: -1000 },
    { status: 500, code: -1001 },
    { status: 500, code: -1006 },
    { status: 503, code: -1008 },
  ])('turns Binance\'s HTTP $status {"code":$code} into a retryable ExchangeUnavailableError', async ({ status, code }) => {
    server.addFault({ path: '/api/v3/klines', symbol: 'ETHUSDT', kind: 'binance-error', status, code, times: 1 });
    const error = await exchange.fetchOHLCV('ETH/USDT', '1m', NOW - 60_000, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeUnavailableError);
    expect((error as ExchangeUnavailableError).retryable).toBe(true);
    expect((error as Error).message).toContain('binance fetchOHLCV ETH/USDT 1m');
    expect((error as Error).message).toContain(`HTTP ${status}`);
    expect((error as Error).message).toContain(String(code));
  });

  it.each(['html-200', 'empty-body', 'truncated-body'] as const)(
    'turns a 200 answer with an unreadable body (%s) into a retryable error, never an empty list of candles',
    async (kind) => {
      server.addFault({ path: '/api/v3/klines', symbol: 'ETHUSDT', kind, times: 1 });
      const error = await exchange.fetchOHLCV('ETH/USDT', '1m', NOW - 600_000, 10).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExchangeUnavailableError);
      expect((error as Error).message).toMatch(/binance fetchOHLCV ETH\/USDT 1m: .*HTTP 200.*not JSON/);
      expect(await exchange.fetchOHLCV('ETH/USDT', '1m', NOW - 600_000, 10)).toHaveLength(10);
    },
  );

  it.each([
    { status: 400, code: -1100, label: 'a bad request' },
    { status: 500, code: -1100, label: 'a bad request, even with a 5xx status' },
    { status: 401, code: -2015, label: 'an authentication error' },
  ])('never marks $label as retryable', async ({ status, code }) => {
    server.addFault({ path: '/api/v3/klines', symbol: 'ETHUSDT', kind: 'binance-error', status, code, times: 1 });
    const error = await exchange.fetchOHLCV('ETH/USDT', '1m', NOW - 60_000, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeRequestError);
    expect((error as ExchangeRequestError).retryable).toBe(false);
  });

  it('reads a 418 ban: its Retry-After, and a message that says until when', async () => {
    const own = ownClient();
    await own.loadMarkets();
    server.addFault({ path: '/api/v3/klines', symbol: 'ETHUSDT', kind: 'ban', retryAfterSeconds: 3, times: 1 });
    const before = Date.now();
    const error = await own.fetchOHLCV('ETH/USDT', '1m', NOW - 60_000, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeRateLimitedError);
    expect((error as ExchangeRateLimitedError).retryAfterMs).toBe(3000);
    expect((error as ExchangeRateLimitedError).status).toBe(418);
    const until = Date.parse(/until (\S+Z)/.exec((error as Error).message)?.[1] ?? '');
    expect(until - before).toBeGreaterThanOrEqual(2900);
    expect(until - Date.now()).toBeLessThanOrEqual(3100);
    // the ban holds for every request of this client: none reaches the exchange before it ends
    const sent = server.requests.length;
    const next = await own.fetchOHLCV('BTC/USDT', '1m', NOW - 60_000, 10).catch((e: unknown) => e);
    expect(next).toBeInstanceOf(ExchangeRateLimitedError);
    expect((next as ExchangeRateLimitedError).retryAfterMs).toBeGreaterThan(2000);
    expect((next as Error).message).toMatch(/binance fetchOHLCV BTC\/USDT 1m: not sent, HTTP 418 on an earlier request: the exchange banned this IP until /);
    expect(server.requests.length).toBe(sent);
    await new Promise((resolve) => setTimeout(resolve, 3000 - (Date.now() - before) + 20));
    expect(await own.fetchOHLCV('BTC/USDT', '1m', NOW - 60_000, 1)).toHaveLength(1);
    await own.close();
  });

  it('loads the markets again after a failed attempt (ccxt would keep handing back the first failure)', async () => {
    const own = ownClient();
    server.addFault({ path: '/api/v3/exchangeInfo', kind: 'binance-error', status: 500, code: -1001, times: 1 });
    await expect(own.loadMarkets()).rejects.toBeInstanceOf(ExchangeUnavailableError);
    expect((await own.loadMarkets()).length).toBeGreaterThan(0);
    await own.close();
  });

  it('rejects a symbol the exchange does not list without retrying', async () => {
    const error = await exchange.fetchOHLCV('NOPE/USDT', '1m', NOW - 60_000, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeRequestError);
  });
});

describe('createCcxtExchange configuration', () => {
  it('names runtime.exchange and suggests valid ids for an unknown exchange', () => {
    const attempt = () => createCcxtExchange({ id: 'binancee', market: 'spot', quote: 'USDT', configFile: 'config/config.yaml' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/runtime\.exchange.*"binancee".*binance, bybit, okx/);
  });

  it('pages OHLCV by the limit ccxt declares for the market type, and 500 when ccxt declares none', () => {
    expect(createCcxtExchange({ id: 'okx', market: 'swap', quote: 'USDT' }).ohlcvPageLimit).toBe(300);
    expect(createCcxtExchange({ id: 'kucoin', market: 'spot', quote: 'USDT' }).ohlcvPageLimit).toBe(1500);
    // The same exchange pages its perpetuals differently from its spot markets.
    expect(createCcxtExchange({ id: 'gate', market: 'spot', quote: 'USDT' }).ohlcvPageLimit).toBe(1000);
    expect(createCcxtExchange({ id: 'gate', market: 'swap', quote: 'USDT' }).ohlcvPageLimit).toBe(1999);
    expect(ccxtOhlcvPageLimit({ features: {} } as never, 'spot')).toBe(500);
    expect(ccxtOhlcvPageLimit({ features: { spot: { fetchOHLCV: { limit: 0 } } } } as never, 'spot')).toBe(500);
    expect(createCcxtExchange({ id: 'okx', market: 'spot', quote: 'USDT', ohlcvPageLimit: 100 }).ohlcvPageLimit).toBe(100);
  });
});

describe('ccxt exchange in swap mode (USDT perpetuals)', () => {
  let server: FakeBinanceServer;
  let exchange: Exchange;

  beforeAll(async () => {
    server = await startFakeBinance({
      nowMs: NOW,
      symbols: [
        { base: 'BTC', quote: 'USDT', quoteVolume: 5e9 },
        { base: 'BTC', quote: 'USDT', market: 'swap', quoteVolume: 9e9, lastPrice: 61000 },
        { base: 'ETH', quote: 'USDT', market: 'swap', quoteVolume: 4e9 },
      ],
    });
    exchange = createCcxtExchange({ id: 'binance', market: 'swap', quote: 'USDT', exchangeOptions: server.exchangeOptions(300, 'swap') });
  });
  afterAll(async () => {
    await exchange?.close();
    await server?.close();
  });

  it('lists perpetuals as BASE/USDT:USDT swaps and reads their tickers and candles from the futures API', async () => {
    const markets = await exchange.loadMarkets();
    expect(markets.map((m) => `${m.symbol} ${m.type}`).sort()).toEqual(['BTC/USDT:USDT swap', 'ETH/USDT:USDT swap']);
    const tickers = await exchange.fetchTickers();
    expect(tickers.find((t) => t.symbol === 'BTC/USDT:USDT')).toEqual({ symbol: 'BTC/USDT:USDT', quoteVolume: 9e9, last: 61000 });
    const rows = await exchange.fetchOHLCV('BTC/USDT:USDT', '5m', NOW - 3_600_000, 1000);
    expect(rows).toHaveLength(12);
    expect(server.requestsTo('/fapi/v1/klines', 'BTCUSDT')).toHaveLength(1);
    expect(server.unknownPaths).toEqual([]);
  });
});
