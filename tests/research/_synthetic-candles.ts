import { allocateCandles, createRng, type Candles } from '../../src/core/index.js';

const FIVE_MINUTES = 300_000;
const START = Date.UTC(2024, 0, 1);

/** Candles from a close path: open = previous close, wicks a fraction of the bar's move beyond open/close. */
function fromCloses(closes: Float64Array, seed: number): Candles {
  const rng = createRng(seed + 1);
  const n = closes.length;
  const candles = allocateCandles(n);
  for (let i = 0; i < n; i++) {
    const open = i === 0 ? closes[0] : closes[i - 1];
    const close = closes[i];
    const span = Math.abs(close - open) + close * 0.0005;
    candles.timestamp[i] = START + i * FIVE_MINUTES;
    candles.open[i] = open;
    candles.close[i] = close;
    candles.high[i] = Math.max(open, close) + span * 0.3 * rng.next();
    candles.low[i] = Math.min(open, close) - span * 0.3 * rng.next();
    candles.volume[i] = 100 + 50 * rng.next();
  }
  return candles;
}

/** Geometric random walk: no exploitable pattern (per-bar volatility `sigma`, per-bar log drift `drift`). */
export function randomWalkCandles(n: number, seed: number, sigma = 0.003, drift = 0): Candles {
  const rng = createRng(seed);
  const closes = new Float64Array(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    price *= Math.exp(drift + sigma * rng.normal());
    closes[i] = price;
  }
  return fromCloses(closes, seed);
}

/** Strongly mean-reverting price (Ornstein-Uhlenbeck around 100): stretches away from the mean snap back. */
export function meanRevertingCandles(n: number, seed: number, theta = 0.15, sigma = 0.006): Candles {
  const rng = createRng(seed);
  const closes = new Float64Array(n);
  let logPrice = 0;
  for (let i = 0; i < n; i++) {
    logPrice += -theta * logPrice + sigma * rng.normal();
    closes[i] = 100 * Math.exp(logPrice);
  }
  return fromCloses(closes, seed);
}

/** `candles` with every bar from `from` on taken from `other` (a different future), rescaled to join continuously. */
export function withOtherFuture(candles: Candles, other: Candles, from: number): Candles {
  const n = candles.close.length;
  const out = allocateCandles(n);
  const scale = candles.close[from - 1] / other.close[from - 1];
  for (let i = 0; i < n; i++) {
    const source = i < from ? candles : other;
    const factor = i < from ? 1 : scale;
    out.timestamp[i] = candles.timestamp[i];
    out.open[i] = source.open[i] * factor;
    out.high[i] = source.high[i] * factor;
    out.low[i] = source.low[i] * factor;
    out.close[i] = source.close[i] * factor;
    out.volume[i] = source.volume[i];
  }
  return out;
}
