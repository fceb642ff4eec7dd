import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Exchange, MarketInfo, TickerInfo } from './exchange.js';
import { DEFAULT_RETRY_POLICY, withRetry } from './retry.js';
import { appendWatchlistHistory } from './watchlist-history.js';
import { parseWatchlist, type Watchlist } from './_watchlist-schema.js';

export { WatchlistSchema, parseWatchlist, type Watchlist } from './_watchlist-schema.js';

export interface WatchlistSettings {
  readonly quote: string;
  readonly market: 'spot' | 'swap';
  readonly topN: number;
  readonly minQuoteVolume: number;
}

export const WATCHLIST_FILE = 'watchlist.json';

/** Stablecoins and fiat: their pairs against USDT barely move, so they are never scalping candidates. */
export const STABLE_BASES: ReadonlySet<string> = new Set([
  'USDT', 'USDC', 'FDUSD', 'TUSD', 'DAI', 'USDP', 'BUSD', 'USDE', 'PYUSD', 'USDD', 'USD1', 'RLUSD', 'GUSD', 'LUSD',
  'SUSD', 'FRAX', 'UST', 'USTC', 'USDS', 'USDJ', 'EURI', 'AEUR', 'EUR', 'EURC', 'GBP', 'AUD', 'BRL', 'TRY', 'JPY',
  'PAXG', 'XAUT',
]);

/**
 * True for a stablecoin or fiat base: the list above, or USD followed by at most one character
 * (USDC, USDE, USD1...), which no volatile coin is named like.
 */
export function isStableBase(base: string): boolean {
  return STABLE_BASES.has(base) || /^USD[A-Z0-9]?$/.test(base);
}

const LEVERAGED = /^([A-Z0-9]{2,})(UP|DOWN|BULL|BEAR|[1-9][LS])$/;

/**
 * True for a leveraged token (BTCUP, ETHDOWN, ETHBULL, BTC3L): the base is another listed base (2+ chars)
 * followed by UP/DOWN/BULL/BEAR or a leverage like 3L/5S. Requiring the underlying to be listed keeps real coins
 * whose names merely end that way (JUP, SYRUP) in the list.
 */
export function isLeveragedToken(base: string, listedBases: ReadonlySet<string>): boolean {
  const match = LEVERAGED.exec(base);
  return match !== null && listedBases.has(match[1]);
}

/**
 * The pairs to watch: active markets of the configured type and quote, minus stablecoins, leveraged tokens and
 * pairs under `minQuoteVolume`, sorted by 24h quote volume (descending; ties by symbol) and cut to `topN`.
 */
export function selectWatchlistPairs(
  markets: readonly MarketInfo[],
  tickers: readonly TickerInfo[],
  settings: WatchlistSettings,
): Watchlist['pairs'] {
  const listedBases = new Set(markets.map((market) => market.base));
  const volumes = new Map(tickers.map((ticker) => [ticker.symbol, ticker.quoteVolume]));
  return markets
    .filter((market) => market.active && market.type === settings.market && market.quote === settings.quote)
    .filter((market) => !isStableBase(market.base) && !isLeveragedToken(market.base, listedBases))
    .map((market) => ({ symbol: market.symbol, quote_volume: volumes.get(market.symbol) ?? 0 }))
    .filter((pair) => pair.quote_volume >= settings.minQuoteVolume && pair.quote_volume > 0)
    .sort((a, b) => b.quote_volume - a.quote_volume || a.symbol.localeCompare(b.symbol))
    .slice(0, settings.topN);
}

/**
 * Takes a fresh watchlist from the exchange, writes `<dataDir>/watchlist.json` atomically and appends it to
 * `<dataDir>/watchlist_history.jsonl`. Returns what was written. Markets and tickers are each retried with the
 * exchange's retry policy (runtime.retries / retry_base_ms; README's 4 x 500 ms when it has none), like backfill;
 * when they keep failing, nothing is written and the error says the exchange is unavailable (exit 4).
 */
export async function refreshWatchlist(
  exchange: Exchange,
  settings: WatchlistSettings,
  dataDir: string,
  now: number = exchange.now(),
): Promise<Watchlist> {
  const retry = exchange.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const markets = await withRetry(() => exchange.loadMarkets(), retry);
  const tickers = await withRetry(() => exchange.fetchTickers(), retry);
  const watchlist: Watchlist = {
    exchange: exchange.id,
    simulated: exchange.simulated,
    market: settings.market,
    quote: settings.quote,
    taken_at: new Date(now).toISOString(),
    pairs: selectWatchlistPairs(markets, tickers, settings),
  };
  await writeFileAtomic(join(dataDir, WATCHLIST_FILE), `${JSON.stringify(watchlist, null, 2)}\n`);
  await appendWatchlistHistory(dataDir, watchlist);
  return watchlist;
}

/** The current watchlist, or undefined when none was taken yet. A corrupt file throws DataIntegrityError. */
export async function readWatchlist(dataDir: string): Promise<Watchlist | undefined> {
  const file = join(dataDir, WATCHLIST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseWatchlist(text, file);
}
