import { allocateCandles, createRng, type Candles } from '../../src/core/index.js';

export interface RandomWalkOptions {
  /** Per-bar sigma of close/open - 1. Default 0.01. */
  readonly sigma?: number;
  /** Largest wick beyond the body, as a fraction. Default 0.004. */
  readonly wick?: number;
  /** Bar length in ms. Default one minute. */
  readonly stepMs?: number;
  /** Volume is 1, or 1 + volumeSpread x uniform. Default 0. */
  readonly volumeSpread?: number;
  /** Chance per bar that the next open gaps away from this close (sigma 2%). Default 0. */
  readonly gapChance?: number;
  /** Open time of the first bar. Default 1_700_000_000_000 (not on a minute boundary). */
  readonly startMs?: number;
}

/** Seeded random-walk candles for kernel and strategy equivalence tests (fast path vs per-bar path). */
export function randomWalk(n: number, seed: number, options: RandomWalkOptions = {}): Candles {
  const { sigma = 0.01, wick = 0.004, stepMs = 60_000, volumeSpread = 0, gapChance = 0, startMs = 1_700_000_000_000 } = options;
  const candles = allocateCandles(n);
  const rng = createRng(seed);
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = open * (1 + sigma * rng.normal());
    candles.timestamp[i] = startMs + i * stepMs;
    candles.open[i] = open;
    candles.close[i] = close;
    candles.high[i] = Math.max(open, close) * (1 + wick * rng.next());
    candles.low[i] = Math.min(open, close) * (1 - wick * rng.next());
    candles.volume[i] = volumeSpread > 0 ? 1 + volumeSpread * rng.next() : 1;
    price = gapChance > 0 && rng.next() < gapChance ? close * (1 + 0.02 * rng.normal()) : close;
  }
  return candles;
}
