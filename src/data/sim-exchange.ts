import type { CandleRow } from '../core/candles.js';
import { UsageError } from '../core/errors.js';
import type { PairSymbol } from '../core/pair.js';
import { floorToTimeframe, timeframeMs, type Timeframe } from '../core/timeframe.js';
import type { SimSettings } from '../config/runtime-config.js';
import type { Exchange, MarketInfo, TickerInfo } from './exchange.js';
import { buildCandleRows, buildSimUniverse, DEFAULT_CACHED_DAYS, SimMarketModel, trailingDayTicker, type SimMarketSpec } from './sim/index.js';

export interface SimExchangeOptions {
  /** Generated days (one market, one UTC day of 1-minute bars, 57.6 KB each) kept in memory. */
  readonly cachedDays?: number;
}

/**
 * The built-in simulated exchange (`exchange: sim`): a deterministic market of `settings.pairs` USDT spot pairs
 * plus markets a watchlist must filter out (stablecoins, leveraged tokens, an inactive market, ETH/BTC).
 * Candles are a pure function of (seed, symbol, minute), whatever the order or paging of the queries; higher
 * timeframes aggregate the 1-minute bars on the UTC grid. Its clock is `frozen_at` when set, else the wall clock;
 * nothing after now exists, and the candle containing now is returned still open. Markets listed after now are hidden.
 */
/** `planted_edges` defaults to none here (a market with no edge); config.yaml's sim block defaults to two. */
export function createSimExchange(settings: Omit<SimSettings, 'planted_edges'> & Partial<Pick<SimSettings, 'planted_edges'>>, options: SimExchangeOptions = {}): Exchange {
  const until = settings.planted_edges_until === undefined ? undefined : Date.parse(settings.planted_edges_until);
  const universe = buildSimUniverse(settings.seed, settings.pairs, settings.planted_edges ?? [], until);
  const bySymbol = new Map<string, SimMarketSpec>(universe.map((spec) => [spec.symbol, spec]));
  const model = new SimMarketModel(settings.seed, options.cachedDays ?? DEFAULT_CACHED_DAYS);
  const frozenAt = settings.frozen_at === undefined ? undefined : Date.parse(settings.frozen_at);
  const now = (): number => frozenAt ?? Date.now();
  const listed = (nowMs: number): SimMarketSpec[] => universe.filter((spec) => spec.listedAt <= nowMs);

  const specOf = (symbol: PairSymbol): SimMarketSpec => {
    const spec = bySymbol.get(symbol);
    if (spec) return spec;
    const known = universe.map((market) => market.symbol);
    throw new UsageError(
      `${symbol} is not listed on the simulated exchange (sim, seed ${settings.seed}); ` +
        `listed symbols: ${known.join(', ')}. Pick one of them, or set runtime.exchange to a real exchange`,
    );
  };

  return {
    id: 'sim',
    simulated: true,
    ohlcvPageLimit: settings.page_limit,
    now,
    async loadMarkets(): Promise<readonly MarketInfo[]> {
      return listed(now()).map(({ symbol, base, quote, active }) => ({ symbol, base, quote, active, type: 'spot' as const }));
    },
    async fetchTickers(): Promise<readonly TickerInfo[]> {
      const nowMs = now();
      return listed(nowMs).map((spec) => ({ symbol: spec.symbol, ...trailingDayTicker(model, spec, nowMs) }));
    },
    async fetchOHLCV(symbol: PairSymbol, tf: Timeframe, since: number, limit: number): Promise<readonly CandleRow[]> {
      const spec = specOf(symbol);
      const nowMs = now();
      const candleMs = timeframeMs(tf);
      const count = Math.min(Math.floor(limit), settings.page_limit);
      // Like ccxt, a missing `since` means "the latest candles".
      const from = Number.isFinite(since) ? since : nowMs - (count - 1) * candleMs;
      const firstOpen = Math.max(floorToTimeframe(from, tf), Math.ceil(spec.listedAt / candleMs) * candleMs);
      const lastOpen = Math.min(floorToTimeframe(nowMs, tf), firstOpen + (count - 1) * candleMs);
      if (!(count >= 1) || firstOpen > lastOpen) return [];
      return buildCandleRows(model, spec, tf, firstOpen, lastOpen, nowMs);
    },
    async close(): Promise<void> {},
  };
}
