// Candles for the strategy tests: seeded synthetic markets, the shared real files (read in place) and hand-made bars.
import { candlesFromRows, sliceCandles, type Candles, type Timeframe } from '../../src/core/index.js';
import { readCandlesCsv } from '../../src/data/csv-candles.js';
import { randomWalk } from '../helpers/random-walk.js';
import { HAS_SHARED_DATA, sharedCandleCsv } from '../helpers/shared-data.js';

export interface MarketCandles {
  readonly name: string;
  readonly timeframe: Timeframe;
  readonly candles: Candles;
}

export type Bar = readonly [open: number, high: number, low: number, close: number];
export const HOUR_MS = 3_600_000;
export const START_MS = Date.UTC(2024, 0, 1);

/** First real BTCUSDT_PERP minute (the file starts with flat pre-launch placeholder bars). */
const PERP_FIRST_REAL_MS = 1567969980000;
const loaded = new Map<string, MarketCandles>();

/** BTCUSDT 1h spot and BTCUSDT_PERP 1m (without the pre-launch bars), loaded once per test file. */
export function realCandles(): MarketCandles[] {
  if (loaded.size === 0) {
    loaded.set('BTCUSDT 1h', { name: 'BTCUSDT 1h', timeframe: '1h', candles: readCandlesCsv(sharedCandleCsv({ dir: 'BTCUSDT', tf: '1h' })) });
    const perp = readCandlesCsv(sharedCandleCsv({ dir: 'BTCUSDT_PERP', tf: '1m' }));
    const first = perp.timestamp.findIndex((t) => t >= PERP_FIRST_REAL_MS);
    loaded.set('BTCUSDT_PERP 1m', { name: 'BTCUSDT_PERP 1m', timeframe: '1m', candles: sliceCandles(perp, first) });
  }
  return [...loaded.values()];
}

/** Two seeded random walks on the UTC grid, 7000 bars each: hourly (BTC-like volatility) and one-minute with gaps. */
export function syntheticMarkets(): MarketCandles[] {
  return [
    { name: 'random walk 1h', timeframe: '1h', candles: randomWalk(7000, 41, { sigma: 0.008, stepMs: HOUR_MS, volumeSpread: 20, startMs: START_MS }) },
    {
      name: 'random walk 1m',
      timeframe: '1m',
      candles: randomWalk(7000, 42, { sigma: 0.0015, wick: 0.001, stepMs: 60_000, volumeSpread: 20, gapChance: 0.002, startMs: START_MS }),
    },
  ];
}

/** The synthetic markets always, then the shared real files when present: real data adds cases, never creates them. */
export function testMarkets(): MarketCandles[] {
  return [...syntheticMarkets(), ...(HAS_SHARED_DATA ? realCandles() : [])];
}

/** Hand-made candles (volume 1), one bar every `stepMs` from a UTC midnight. */
export function bars(rows: readonly Bar[], stepMs = HOUR_MS, startMs = START_MS): Candles {
  return candlesFromRows(rows.map(([o, h, l, c], i) => [startMs + i * stepMs, o, h, l, c, 1]));
}

/** A bar that opens and closes at `price` with a range of +-`spread`. */
export function flat(price: number, spread = 0.5): Bar {
  return [price, price + spread, price - spread, price];
}

/** Index of the first element where two arrays differ (NaN equals NaN), -1 when they agree. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
