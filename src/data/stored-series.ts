/**
 * `runtime.exchange: none`: scalp runs on the series already in the store (brought in with `scalp import`, or
 * fetched earlier) and fetches nothing. The "exchange" lists the stored pairs as its markets, the watchlist is
 * every stored pair, and asking it for candles is an error that says how to add some.
 */
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { parsePair, type PairSymbol } from '../core/pair.js';
import { timeframeMs, type Timeframe } from '../core/timeframe.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Exchange, MarketInfo, TickerInfo } from './exchange.js';
import { readManifest } from './manifest.js';
import { ohlcvPath, readCandles } from './ohlcv-store.js';
import { WATCHLIST_FILE, type Watchlist } from './watchlist.js';
import { appendWatchlistHistory } from './watchlist-history.js';

/** The id of the store-only "exchange". */
export const NO_EXCHANGE = 'none';

/** Every stored pair with its timeframes (manifest entries holding candles), pairs sorted. */
export async function storedPairs(dataDir: string): Promise<Map<PairSymbol, Timeframe[]>> {
  const manifest = await readManifest(dataDir);
  const pairs = new Map<PairSymbol, Timeframe[]>();
  for (const entry of Object.values(manifest.entries)) {
    if (entry.rows === 0) continue;
    pairs.set(entry.pair, [...(pairs.get(entry.pair) ?? []), entry.tf as Timeframe]);
  }
  return new Map([...pairs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** True when some stored series holds simulated candles (its manifest entry says so). */
async function someStoredSimulated(dataDir: string): Promise<boolean> {
  return Object.values((await readManifest(dataDir)).entries).some((entry) => entry.rows > 0 && entry.simulated);
}

function marketOf(symbol: PairSymbol): MarketInfo {
  const parts = parsePair(symbol);
  return { symbol, base: parts?.base ?? symbol, quote: parts?.quote ?? '', type: parts?.settle ? 'swap' : 'spot', active: true };
}

/** Quote volume of the last day of a stored series (sum of close x volume), 0 when unreadable. */
async function lastDayQuoteVolume(dataDir: string, pair: PairSymbol, tfs: readonly Timeframe[]): Promise<number> {
  const tf = [...tfs].sort((a, b) => timeframeMs(a) - timeframeMs(b))[0];
  try {
    const { timestamp, close, volume } = await readCandles(ohlcvPath(dataDir, pair, tf));
    const from = timestamp[timestamp.length - 1] - 86_400_000;
    let sum = 0;
    for (let i = timestamp.length - 1; i >= 0 && timestamp[i] > from; i--) sum += close[i] * volume[i];
    return sum;
  } catch {
    return 0;
  }
}

/** The "exchange" of `runtime.exchange: none`: markets are the stored pairs; it never returns candles. */
export function createStoredSeriesExchange(dataDir: string): Exchange {
  return {
    id: NO_EXCHANGE,
    simulated: false,
    ohlcvPageLimit: 1000,
    now: () => Date.now(),
    loadMarkets: async () => [...(await storedPairs(dataDir)).keys()].map(marketOf),
    fetchTickers: async (): Promise<TickerInfo[]> => {
      const pairs = await storedPairs(dataDir);
      return Promise.all([...pairs].map(async ([symbol, tfs]) => ({ symbol, quoteVolume: await lastDayQuoteVolume(dataDir, symbol, tfs), last: 0 })));
    },
    fetchOHLCV: async (symbol) => {
      throw new UsageError(`exchange "none" fetches nothing (asked for ${symbol}): add candles with scalp import, or set runtime.exchange to a ccxt id or sim`);
    },
    close: async () => undefined,
  };
}

/**
 * The watchlist of `runtime.exchange: none`: every stored pair (any market), by the quote volume of its last
 * stored day. Written to data/watchlist.json and its history like any watchlist.
 */
export async function refreshStoredWatchlist(dataDir: string, market: Watchlist['market'], quote: string, now = Date.now()): Promise<Watchlist> {
  const exchange = createStoredSeriesExchange(dataDir);
  const tickers = await exchange.fetchTickers();
  const watchlist: Watchlist = {
    exchange: NO_EXCHANGE,
    // Each series carries its own label (manifest, Parquet metadata); the list says whether any of them is simulated.
    simulated: await someStoredSimulated(dataDir),
    market,
    quote,
    taken_at: new Date(now).toISOString(),
    pairs: tickers
      .map((ticker) => ({ symbol: ticker.symbol, quote_volume: ticker.quoteVolume }))
      .sort((a, b) => b.quote_volume - a.quote_volume || a.symbol.localeCompare(b.symbol)),
  };
  await writeFileAtomic(join(dataDir, WATCHLIST_FILE), `${JSON.stringify(watchlist, null, 2)}\n`);
  await appendWatchlistHistory(dataDir, watchlist);
  return watchlist;
}
