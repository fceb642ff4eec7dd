import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataIntegrityError, ExchangeUnavailableError } from '../../src/core/errors.js';
import { createCcxtExchange } from '../../src/data/ccxt-exchange.js';
import type { Exchange } from '../../src/data/exchange.js';
import { isLeveragedToken, isStableBase, readWatchlist, refreshWatchlist } from '../../src/data/watchlist.js';
import { readWatchlistHistory, watchlistAt } from '../../src/data/watchlist-history.js';
import { startFakeBinance, type FakeBinanceServer } from '../helpers/fake-binance-server.js';

const NOW = Date.UTC(2026, 2, 1, 8, 0, 0);
const settings = { quote: 'USDT', market: 'spot' as const, topN: 10, minQuoteVolume: 1_000_000 };

describe('refreshWatchlist through ccxt binance', () => {
  let server: FakeBinanceServer;
  let exchange: Exchange;
  let dataDir: string;

  beforeAll(async () => {
    server = await startFakeBinance({
      nowMs: NOW,
      symbols: [
        { base: 'BTC', quote: 'USDT', quoteVolume: 5e9 },
        { base: 'ETH', quote: 'USDT', quoteVolume: 2e9 },
        { base: 'SOL', quote: 'USDT', quoteVolume: 1e9 },
        { base: 'JUP', quote: 'USDT', quoteVolume: 5e7 },
        { base: 'SYRUP', quote: 'USDT', quoteVolume: 3e7 },
        { base: 'USDC', quote: 'USDT', quoteVolume: 9e9 },
        { base: 'FDUSD', quote: 'USDT', quoteVolume: 8e9 },
        { base: 'BTCUP', quote: 'USDT', quoteVolume: 1e8 },
        { base: 'ETHBULL', quote: 'USDT', quoteVolume: 1e8 },
        { base: 'ETHDOWN', quote: 'USDT', quoteVolume: 1e8 },
        { base: 'LUNA', quote: 'USDT', status: 'BREAK', quoteVolume: 4e9 },
        { base: 'ETH', quote: 'BTC', quoteVolume: 7e9 },
        { base: 'DOGE', quote: 'USDT', quoteVolume: 5e5 },
      ],
    });
    exchange = createCcxtExchange({ id: 'binance', market: 'spot', quote: 'USDT', exchangeOptions: server.exchangeOptions() });
    dataDir = await mkdtemp(join(tmpdir(), 'scalp-watchlist-'));
  });
  afterAll(async () => {
    await exchange?.close();
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps active USDT spot pairs by volume, without stablecoins, leveraged tokens, halted or thin pairs', async () => {
    const watchlist = await refreshWatchlist(exchange, settings, dataDir, NOW);
    expect(watchlist.pairs).toEqual([
      { symbol: 'BTC/USDT', quote_volume: 5e9 },
      { symbol: 'ETH/USDT', quote_volume: 2e9 },
      { symbol: 'SOL/USDT', quote_volume: 1e9 },
      { symbol: 'JUP/USDT', quote_volume: 5e7 },
      { symbol: 'SYRUP/USDT', quote_volume: 3e7 },
    ]);
    expect(watchlist).toMatchObject({ exchange: 'binance', simulated: false, market: 'spot', quote: 'USDT', taken_at: '2026-03-01T08:00:00.000Z' });
    expect(await readWatchlist(dataDir)).toEqual(watchlist);
  });

  it('cuts the list to topN, the most traded first', async () => {
    const watchlist = await refreshWatchlist(exchange, { ...settings, topN: 2 }, dataDir, NOW + 60_000);
    expect(watchlist.pairs.map((pair) => pair.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('keeps every refresh in the history and rebuilds the list in force at a date', async () => {
    const history = await readWatchlistHistory(dataDir);
    expect(history.map((entry) => entry.pairs.length)).toEqual([5, 2]);
    expect(await watchlistAt(dataDir, NOW - 1)).toBeUndefined();
    expect((await watchlistAt(dataDir, NOW + 30_000))?.pairs).toHaveLength(5);
    expect((await watchlistAt(dataDir, new Date(NOW + 3_600_000)))?.pairs).toHaveLength(2);
  });
});

describe('refreshWatchlist retries like backfill does', () => {
  let server: FakeBinanceServer;
  let dataDir: string;
  beforeAll(async () => {
    server = await startFakeBinance({ nowMs: NOW, symbols: [{ base: 'BTC', quote: 'USDT', quoteVolume: 5e9 }, { base: 'ETH', quote: 'USDT', quoteVolume: 2e9 }] });
    dataDir = await mkdtemp(join(tmpdir(), 'scalp-watchlist-retry-'));
  });
  afterAll(async () => {
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  const client = () =>
    createCcxtExchange({ id: 'binance', market: 'spot', quote: 'USDT', exchangeOptions: server.exchangeOptions(), retryPolicy: { retries: 2, baseMs: 5 } });

  it('retries an HTML 503 on the markets and a 503 {"code":-1008} on the tickers, then writes the watchlist', async () => {
    server.addFault({ path: '/api/v3/exchangeInfo', kind: 'server-error', times: 1 });
    server.addFault({ path: '/api/v3/ticker/24hr', kind: 'binance-error', status: 503, code: -1008, times: 2 });
    const exchange = client();
    try {
      const watchlist = await refreshWatchlist(exchange, settings, dataDir, NOW);
      expect(watchlist.pairs.map((pair) => pair.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
      expect(server.requestsTo('/api/v3/exchangeInfo')).toHaveLength(2);
      expect(server.requestsTo('/api/v3/ticker/24hr')).toHaveLength(3);
    } finally {
      await exchange.close();
    }
  });

  it('gives up after runtime.retries, writes nothing, and says the exchange is unavailable (exit 4)', async () => {
    const before = server.requestsTo('/api/v3/ticker/24hr').length;
    server.addFault({ path: '/api/v3/ticker/24hr', kind: 'binance-error', status: 500, code: -1001, times: Infinity });
    const exchange = client();
    const empty = await mkdtemp(join(tmpdir(), 'scalp-watchlist-retry-'));
    try {
      const error = await refreshWatchlist(exchange, settings, empty, NOW).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExchangeUnavailableError);
      expect((error as ExchangeUnavailableError).exitCode).toBe(4);
      expect((error as Error).message).toMatch(/binance fetchTickers: .*HTTP 500.*-1001/);
      expect(server.requestsTo('/api/v3/ticker/24hr').length - before).toBe(3);
      expect(await readWatchlist(empty)).toBeUndefined();
    } finally {
      await exchange.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('watchlist files on disk', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scalp-watchlist-files-'));
  });
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('reads no watchlist before the first refresh', async () => {
    expect(await readWatchlist(dataDir)).toBeUndefined();
    expect(await watchlistAt(dataDir, Date.now())).toBeUndefined();
  });

  it.each([
    { name: 'invalid JSON', text: '{"exchange": ', problem: /not valid JSON.*scalp watchlist/ },
    { name: 'a missing field', text: '{"exchange":"binance","simulated":false,"market":"spot","quote":"USDT","pairs":[]}', problem: /taken_at/ },
  ])('reports a watchlist.json with $name as a data integrity error naming the file', async ({ text, problem }) => {
    await writeFile(join(dataDir, 'watchlist.json'), text);
    const error = await readWatchlist(dataDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataIntegrityError);
    expect((error as Error).message).toContain(join(dataDir, 'watchlist.json'));
    expect((error as Error).message).toMatch(problem);
  });

  it('ignores a history line torn by a crash but rejects a corrupt complete line', async () => {
    const line = JSON.stringify({ exchange: 'sim', simulated: true, market: 'spot', quote: 'USDT', taken_at: '2026-01-01T00:00:00.000Z', pairs: [] });
    await writeFile(join(dataDir, 'watchlist_history.jsonl'), `${line}\n{"exchange":"si`);
    expect(await readWatchlistHistory(dataDir)).toHaveLength(1);
    await writeFile(join(dataDir, 'watchlist_history.jsonl'), `{"broken\n${line}\n`);
    await expect(readWatchlistHistory(dataDir)).rejects.toThrow(/line 1/);
    expect(await readFile(join(dataDir, 'watchlist_history.jsonl'), 'utf8')).toContain('broken');
  });
});

describe('watchlist exclusion rules', () => {
  const listed = new Set(['BTC', 'ETH', 'JUP', 'SYRUP', 'J', 'XRP']);
  it.each([
    ['BTCUP', true], ['BTCDOWN', true], ['ETHBULL', true], ['ETHBEAR', true], ['BTC3L', true], ['ETH5S', true],
    ['JUP', false], ['SYRUP', false], ['XRPUP', true], ['SOLUP', false], ['BTC', false],
  ])('%s is a leveraged token: %s', (base, expected) => {
    expect(isLeveragedToken(base, listed)).toBe(expected);
  });

  it.each([
    ['USDC', true], ['FDUSD', true], ['USD1', true], ['USDE', true], ['EUR', true], ['PYUSD', true],
    ['BTC', false], ['USUAL', false], ['SUSHI', false],
  ])('%s is a stablecoin or fiat: %s', (base, expected) => {
    expect(isStableBase(base)).toBe(expected);
  });
});
