import ccxt, { type Exchange as CcxtClient, type Market, type OHLCV, type Ticker } from 'ccxt';
import type { CandleRow } from '../core/candles.js';
import { ConfigError, ExchangeRateLimitedError } from '../core/errors.js';
import type { PairSymbol } from '../core/pair.js';
import type { Timeframe } from '../core/timeframe.js';
import { ExchangeRequestError, mapCcxtError } from './_ccxt-errors.js';
import { recordHttpAnswers } from './_ccxt-responses.js';
import type { Exchange, MarketInfo, TickerInfo } from './exchange.js';
import type { RetryPolicy } from './retry.js';

export { ExchangeRateLimitedError, ExchangeRequestError } from './_ccxt-errors.js';

export interface CcxtExchangeSettings {
  /** A ccxt exchange id: 'binance', 'bybit', 'okx'... */
  readonly id: string;
  readonly market: 'spot' | 'swap';
  readonly quote: string;
  /** Deep-merged into the ccxt constructor options (urls, timeout, rateLimit, options...). */
  readonly exchangeOptions?: Record<string, unknown>;
  /** Overrides ccxt's declared candles per fetchOHLCV request (see ccxtOhlcvPageLimit). */
  readonly ohlcvPageLimit?: number;
  /** Named in configuration errors (default 'config/config.yaml'). */
  readonly configFile?: string;
  /** How callers should retry this exchange's requests (runtime.retries, runtime.retry_base_ms). */
  readonly retryPolicy?: RetryPolicy;
}

/** Candles per OHLCV request for an exchange whose ccxt class declares no `features[...].fetchOHLCV.limit`. */
const DEFAULT_PAGE_LIMIT = 500;

/**
 * Most candles one OHLCV request returns, as ccxt itself declares it: `features.spot.fetchOHLCV.limit` for spot,
 * `features.swap.linear.fetchOHLCV.limit` for USDT-margined perpetuals; else a cautious {@link DEFAULT_PAGE_LIMIT}.
 */
export function ccxtOhlcvPageLimit(client: Pick<CcxtClient, 'features'>, market: 'spot' | 'swap'): number {
  const features = (client.features ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const section = market === 'spot' ? features.spot : (features.swap?.linear as Record<string, unknown> | undefined);
  const limit = (section?.fetchOHLCV as { limit?: unknown } | undefined)?.limit;
  return typeof limit === 'number' && Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_PAGE_LIMIT;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Recursive merge of plain objects; arrays and scalars from `override` replace those of `base`. */
export function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function constructClient(settings: CcxtExchangeSettings): CcxtClient {
  const classes = ccxt as unknown as Record<string, new (config: Record<string, unknown>) => CcxtClient>;
  if (!ccxt.exchanges.includes(settings.id) || typeof classes[settings.id] !== 'function') {
    const examples = ['binance', 'bybit', 'okx', 'kucoin', 'gate', 'bitget'].filter((id) => ccxt.exchanges.includes(id));
    throw new ConfigError(
      settings.configFile ?? 'config/config.yaml',
      'runtime.exchange',
      `unknown exchange "${settings.id}"; use "sim" or a ccxt id such as ${examples.join(', ')} (${ccxt.exchanges.length} ids in ccxt.exchanges)`,
    );
  }
  const defaults = { enableRateLimit: true, options: { defaultType: settings.market } };
  return new classes[settings.id](deepMerge(defaults, settings.exchangeOptions ?? {}));
}

function toMarketInfo(market: Market): MarketInfo | undefined {
  if (!market?.symbol || (market.type !== 'spot' && market.type !== 'swap')) return undefined;
  return { symbol: market.symbol, base: market.base, quote: market.quote, type: market.type, active: market.active !== false };
}

function toTickerInfo(ticker: Ticker): TickerInfo | undefined {
  if (!ticker.symbol) return undefined;
  const last = ticker.last ?? ticker.close ?? Number.NaN;
  const quoteVolume = ticker.quoteVolume ?? (ticker.baseVolume ?? Number.NaN) * (ticker.vwap ?? last);
  return { symbol: ticker.symbol, quoteVolume: Number.isFinite(quoteVolume) ? quoteVolume : 0, last };
}

function toCandleRows(raw: OHLCV[]): CandleRow[] {
  const rows: CandleRow[] = [];
  for (const [timestamp, open, high, low, close, volume] of raw) {
    if (!Number.isFinite(timestamp)) continue;
    rows.push([Number(timestamp), Number(open), Number(high), Number(low), Number(close), Number(volume ?? 0)]);
  }
  return rows;
}

/**
 * Requests through `client`, errors mapped to scalp's tree with the HTTP answer behind them. After a 418/429 with
 * a Retry-After, no request of this client is sent before that time: each call fails at once with the time left
 * (hammering a Binance ban extends it, and it covers the whole IP, not one pair).
 */
function createCaller(client: CcxtClient, id: string) {
  const answerOf = recordHttpAnswers(client);
  let pause: ExchangeRateLimitedError | undefined;
  return async <T>(where: string, request: () => Promise<T>): Promise<T> => {
    const now = Date.now();
    if (pause?.retryAt !== undefined && now < pause.retryAt) {
      const until = new Date(pause.retryAt).toISOString();
      const what = pause.status === 418 ? `the exchange banned this IP until ${until}` : `the exchange asked to wait until ${until}`;
      const message = `${id} ${where}: not sent, HTTP ${pause.status} on an earlier request: ${what}`;
      throw new ExchangeRateLimitedError(message, pause.retryAt - now, { status: pause.status, receivedAt: now });
    }
    try {
      return await request();
    } catch (error) {
      const mapped = mapCcxtError(error, `${id} ${where}`, answerOf(error));
      if (mapped instanceof ExchangeRateLimitedError && (mapped.retryAt ?? 0) > (pause?.retryAt ?? 0)) pause = mapped;
      throw mapped;
    }
  };
}

/**
 * A real exchange through ccxt's REST client: rate limiting on, `options.defaultType` set from the market type,
 * `exchangeOptions` deep-merged on top (a test points `urls.api` at 127.0.0.1). Errors come out as scalp errors:
 * network trouble, timeouts, unreadable answers, 418, 429 and 5xx are retryable ExchangeUnavailableError, the rest
 * ExchangeRequestError. No retries here: callers own the policy (see withRetry and `retryPolicy`).
 */
export function createCcxtExchange(settings: CcxtExchangeSettings): Exchange {
  const client = constructClient(settings);
  const call = createCaller(client, settings.id);
  let marketsLoaded: Promise<unknown> | undefined;
  let marketsFailed = false;
  const ensureMarkets = () => {
    // ccxt keeps a failed loadMarkets() promise and hands it back on every later call: after a failure, ask it to
    // reload, or a retry would only see the old rejection.
    marketsLoaded ??= call('loadMarkets', () => client.loadMarkets(marketsFailed)).catch((error: unknown) => {
      marketsLoaded = undefined;
      marketsFailed = true;
      throw error;
    });
    return marketsLoaded;
  };

  return {
    id: settings.id,
    simulated: false,
    retryPolicy: settings.retryPolicy,
    ohlcvPageLimit: settings.ohlcvPageLimit ?? ccxtOhlcvPageLimit(client, settings.market),
    now: () => Date.now(),
    async loadMarkets() {
      await ensureMarkets();
      return Object.values(client.markets ?? {}).flatMap((market) => toMarketInfo(market) ?? []);
    },
    async fetchTickers() {
      await ensureMarkets();
      const tickers = await call('fetchTickers', () => client.fetchTickers());
      return Object.values(tickers).flatMap((ticker) => toTickerInfo(ticker) ?? []);
    },
    async fetchOHLCV(symbol: PairSymbol, tf: Timeframe, since: number, limit: number) {
      await ensureMarkets();
      if (client.timeframes && !(tf in client.timeframes)) {
        throw new ExchangeRequestError(`${settings.id} has no ${tf} candles; remove ${tf} from runtime.tf_list`);
      }
      const raw = await call(`fetchOHLCV ${symbol} ${tf}`, () => client.fetchOHLCV(symbol, tf, since, limit));
      return toCandleRows(raw);
    },
    async close() {
      await client.close?.();
    },
  };
}
