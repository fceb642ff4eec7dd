import type { CandleRow } from '../core/candles.js';
import type { PairSymbol } from '../core/pair.js';
import type { Timeframe } from '../core/timeframe.js';
import type { RetryPolicy } from './retry.js';

/** A tradable market as scalp needs it (a subset of ccxt's market structure). */
export interface MarketInfo {
  readonly symbol: PairSymbol;
  readonly base: string;
  readonly quote: string;
  readonly type: 'spot' | 'swap';
  readonly active: boolean;
}

export interface TickerInfo {
  readonly symbol: PairSymbol;
  /** 24h volume in the quote currency (USDT). */
  readonly quoteVolume: number;
  readonly last: number;
}

/**
 * The one interface over every candle source: real ccxt exchanges and the built-in simulated exchange.
 * Implementations retry nothing themselves; callers (backfill, watchlist) own retry policy, and `retryPolicy` is
 * the one configured for this exchange (runtime.retries, runtime.retry_base_ms) when there is one.
 */
export interface Exchange {
  /** ccxt id ('binance'), or 'sim'. */
  readonly id: string;
  /** True for the simulated exchange: every output that shows its data must say so. */
  readonly simulated: boolean;
  /** How to retry this exchange's requests, from the config it was made from; callers without their own use it. */
  readonly retryPolicy?: RetryPolicy;
  /** Most candles one fetchOHLCV call returns. */
  readonly ohlcvPageLimit: number;
  /** The exchange's notion of now, in epoch ms (the simulated exchange has its own clock). */
  now(): number;
  loadMarkets(): Promise<readonly MarketInfo[]>;
  fetchTickers(): Promise<readonly TickerInfo[]>;
  /** Candles with open time >= since, oldest first, at most `limit`; may include the still-open candle. */
  fetchOHLCV(symbol: PairSymbol, tf: Timeframe, since: number, limit: number): Promise<readonly CandleRow[]>;
  close(): Promise<void>;
}
