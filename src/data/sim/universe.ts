import { createRng } from '../../core/rng.js';

/** Start of simulated history: no simulated market has a candle before 2025-01-01T00:00Z. */
export const SIM_EPOCH_MS = Date.UTC(2025, 0, 1);

/** How a simulated market's price behaves: a normal coin, a stablecoin pinned near 1, or a leveraged token. */
export type SimMarketKind = 'coin' | 'stable' | 'leveraged';

/** Everything the market model needs to know about one simulated market. */
export interface SimMarketSpec {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly active: boolean;
  readonly kind: SimMarketKind;
  /** Listing instant (UTC midnight): no candle opens before it. */
  readonly listedAt: number;
  /** Price at listing, in the quote currency. */
  readonly initialPrice: number;
  /** Annualised volatility of log returns (0.5 = 50 %). */
  readonly annualVolatility: number;
  /** Typical 24h volume in the quote currency. */
  readonly dailyQuoteVolume: number;
  /** A planted inefficiency: the market is always in a strongly mean-reverting range (see coarse-path.ts). */
  readonly plantedEdge?: boolean;
  /** Epoch ms from which the planted edge is gone (the market ranges and trends like the others again). */
  readonly plantedUntil?: number;
}

/** Base coins in (rough) order of liquidity, with a reference price level in USDT. */
const COINS: readonly (readonly [string, number])[] = [
  ['BTC', 65000], ['ETH', 3200], ['SOL', 150], ['BNB', 580], ['XRP', 0.6], ['DOGE', 0.15], ['ADA', 0.45],
  ['AVAX', 30], ['LINK', 15], ['DOT', 6.5], ['TRX', 0.12], ['LTC', 80], ['BCH', 380], ['NEAR', 5], ['APT', 9],
  ['ARB', 0.9], ['OP', 2.2], ['ATOM', 8], ['FIL', 5], ['ICP', 10], ['INJ', 25], ['SUI', 1.1], ['SEI', 0.45],
  ['TIA', 8], ['RENDER', 7], ['FET', 1.5], ['PEPE', 0.00001], ['SHIB', 0.00002], ['WIF', 2.5], ['BONK', 0.00002],
  ['ETC', 25], ['XLM', 0.11], ['HBAR', 0.08], ['VET', 0.03], ['ALGO', 0.18], ['AAVE', 95], ['UNI', 9], ['MKR', 2500],
  ['SAND', 0.45], ['MANA', 0.42], ['AXS', 7], ['GRT', 0.25], ['EGLD', 40], ['FTM', 0.5], ['RUNE', 5], ['KAVA', 0.7],
  ['ZEC', 25], ['DASH', 30], ['COMP', 55], ['SNX', 2.8], ['CRV', 0.45], ['LDO', 2], ['IMX', 1.8], ['STX', 1.9],
  ['GALA', 0.03], ['CHZ', 0.09], ['ENJ', 0.3], ['ZIL', 0.02], ['ONE', 0.015], ['CELO', 0.7],
];

/** Later listings (by position in the coin list), so the universe holds pairs with little history. */
const LATE_LISTINGS: ReadonlyMap<number, number> = new Map([
  [5, Date.UTC(2026, 10, 10)],
  [9, Date.UTC(2025, 6, 1)],
  [12, Date.UTC(2026, 2, 1)],
]);

/** Top and bottom of the 24h quote volume ladder (log10 USDT): from ~2 billion down to a few hundred thousand. */
const TOP_VOLUME_LOG10 = 9.3;
const BOTTOM_VOLUME_LOG10 = 5.4;

/**
 * The simulated universe: `count` USDT spot pairs (price levels, volumes and volatilities jittered by the seed),
 * followed by markets a watchlist must filter out: stablecoin bases, leveraged tokens, an inactive market and a
 * non-USDT quote. Volumes fall log-linearly with rank, so a few of the smallest pairs trade below 1M USDT a day.
 * Bases listed in `plantedEdges` carry a planted mean-reversion edge (for the offline demo and tests).
 */
export function buildSimUniverse(seed: number, count: number, plantedEdges: readonly string[] = [], plantedUntil?: number): SimMarketSpec[] {
  if (!(count >= 1 && count <= COINS.length)) {
    throw new RangeError(`buildSimUniverse: count must be within 1..${COINS.length}, was ${count}`);
  }
  const rng = createRng(`sim-universe:${seed}`);
  const markets: SimMarketSpec[] = [];
  for (let rank = 0; rank < count; rank++) {
    const [base, referencePrice] = COINS[rank];
    const volumeLog10 = TOP_VOLUME_LOG10 - ((TOP_VOLUME_LOG10 - BOTTOM_VOLUME_LOG10) * rank) / Math.max(count - 1, 1);
    const annualVolatility = rank === 0 ? 0.5 : rank === 1 ? 0.65 : 0.7 + 0.6 * rng.next();
    markets.push({
      symbol: `${base}/USDT`,
      base,
      quote: 'USDT',
      active: true,
      kind: 'coin',
      listedAt: LATE_LISTINGS.get(rank) ?? SIM_EPOCH_MS,
      initialPrice: referencePrice * Math.exp(0.2 * rng.normal()),
      annualVolatility,
      dailyQuoteVolume: 10 ** (volumeLog10 + 0.12 * rng.normal()),
      ...(plantedEdges.includes(base) ? { plantedEdge: true, ...(plantedUntil !== undefined ? { plantedUntil } : {}) } : {}),
    });
  }
  return [...markets, ...FILTER_BAIT];
}

const bait = (base: string, quote: string, kind: SimMarketKind, price: number, volatility: number, volume: number, active = true): SimMarketSpec => ({
  symbol: `${base}/${quote}`,
  base,
  quote,
  active,
  kind,
  listedAt: SIM_EPOCH_MS,
  initialPrice: price,
  annualVolatility: volatility,
  dailyQuoteVolume: volume,
});

/** Markets listed beyond the requested count that a watchlist must exclude (all with large volumes on purpose). */
const FILTER_BAIT: readonly SimMarketSpec[] = [
  bait('USDC', 'USDT', 'stable', 1, 0.01, 9e8),
  bait('FDUSD', 'USDT', 'stable', 1, 0.01, 1.4e9),
  bait('BTCUP', 'USDT', 'leveraged', 12, 1.5, 4e7),
  bait('ETHDOWN', 'USDT', 'leveraged', 0.9, 1.9, 2e7),
  bait('XMR', 'USDT', 'coin', 160, 0.8, 6e7, false),
  bait('ETH', 'BTC', 'coin', 0.05, 0.5, 2500),
];
