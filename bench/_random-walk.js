// The benches' market: a random walk of 1m candles (0.15% per-bar sigma, wicks up to 0.08%), seeded.
import { allocateCandles, createRng } from '../dist/core/index.js';

/** `n` 1m candles from `seed`; volume is 1, or 1 + `volumeSpread` x uniform when a spread is given. */
export function randomWalkCandles(n, { seed = 42, volumeSpread = 0 } = {}) {
  const candles = allocateCandles(n);
  const rng = createRng(seed);
  let price = 30_000;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = open * (1 + 0.0015 * rng.normal());
    candles.timestamp[i] = 1_700_000_000_000 + i * 60_000;
    candles.open[i] = open;
    candles.close[i] = close;
    candles.high[i] = Math.max(open, close) * (1 + 0.0008 * rng.next());
    candles.low[i] = Math.min(open, close) * (1 - 0.0008 * rng.next());
    candles.volume[i] = volumeSpread > 0 ? 1 + volumeSpread * rng.next() : 1;
    price = close;
  }
  return candles;
}
