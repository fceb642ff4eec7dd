import { allocateCandles, createRng, timeframeMs, type Candles, type Timeframe } from '../core/index.js';

/**
 * Seeded random-walk candles on the UTC grid of `timeframe` (from 2024-01-01), with volatility regimes and
 * varied volume: a sample every strategy can be run on when no stored candles are at hand (the module probe and
 * the lookahead gate). The same arguments always give the same candles.
 */
export function syntheticSample(length: number, timeframe: Timeframe = '1h', seed = 12): Candles {
  const candles = allocateCandles(length);
  const rng = createRng(seed);
  const step = timeframeMs(timeframe);
  const start = Date.UTC(2024, 0, 1);
  const baseSigma = 0.004 * Math.sqrt(step / 3_600_000);
  let price = 100;
  let sigma = baseSigma;
  for (let i = 0; i < length; i++) {
    if (i % 200 === 0) sigma = baseSigma * (0.5 + 1.5 * rng.next());
    const open = price;
    const close = open * (1 + sigma * rng.normal());
    candles.timestamp[i] = start + i * step;
    candles.open[i] = open;
    candles.close[i] = close;
    candles.high[i] = Math.max(open, close) * (1 + sigma * 0.5 * rng.next());
    candles.low[i] = Math.min(open, close) * (1 - sigma * 0.5 * rng.next());
    candles.volume[i] = 10 + 90 * rng.next();
    price = close;
  }
  return candles;
}
