import { readFileSync } from 'node:fs';
import { allocateCandles, createRng, type Candles } from '../../src/core/index.js';
import { HAS_SHARED_DATA, SHARED_DATA_SKIP_MESSAGE, SHARED_OHLCV_DIR } from '../helpers/shared-data.js';

/** The shared real-candle folder (`../shared/data/ohlcv`, see helpers/shared-data.ts). */
const OHLCV_DIR = SHARED_OHLCV_DIR;
export const HAS_REAL_DATA = HAS_SHARED_DATA;
/** Title of the one skipped test that stands for the real-candle cases a file could not add. */
export const MISSING_DATA_MESSAGE = `real-candle cases not added: ${SHARED_DATA_SKIP_MESSAGE}`;

/** Reads `<OHLCV_DIR>/<pairDir>/<timeframe>.csv` (header timestamp,open,high,low,close,volume) into columns. */
export function readCsvCandles(pairDir: string, timeframe: string): Candles {
  const lines = readFileSync(`${OHLCV_DIR}/${pairDir}/${timeframe}.csv`, 'utf8').trim().split('\n').slice(1);
  const candles = allocateCandles(lines.length);
  lines.forEach((line, i) => {
    const [timestamp, open, high, low, close, volume] = line.split(',').map(Number);
    candles.timestamp[i] = timestamp;
    candles.open[i] = open;
    candles.high[i] = high;
    candles.low[i] = low;
    candles.close[i] = close;
    candles.volume[i] = volume;
  });
  return candles;
}

/** A seeded random-walk market of `length` one-minute candles (positive prices and volumes). */
export function syntheticCandles(length: number, seed = 7, startPrice = 100): Candles {
  const rng = createRng(seed);
  const candles = allocateCandles(length);
  let price = startPrice;
  const start = Date.UTC(2024, 0, 1, 22, 0);
  for (let i = 0; i < length; i++) {
    const open = price;
    const close = open * Math.exp(0.004 * rng.normal());
    const high = Math.max(open, close) * (1 + 0.002 * rng.next());
    const low = Math.min(open, close) * (1 - 0.002 * rng.next());
    candles.timestamp[i] = start + i * 60_000;
    candles.open[i] = open;
    candles.high[i] = high;
    candles.low[i] = low;
    candles.close[i] = close;
    candles.volume[i] = 1 + 10 * rng.next();
    price = close;
  }
  return candles;
}

/** Index of the first finite value, or -1. */
export function firstFiniteIndex(values: Float64Array): number {
  return values.findIndex((value) => Number.isFinite(value));
}

/** Largest |a - b| / max(|a|, |b|, floor) over the pairs, for readable failure messages. */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor: number): { error: number; index: number } {
  let error = 0;
  let index = -1;
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(Math.abs(actual[i]), Math.abs(expected[i]), floor);
    const difference = Math.abs(actual[i] - expected[i]);
    const e = Number.isNaN(difference) ? Number.POSITIVE_INFINITY : difference / scale;
    if (!(e <= error)) {
      error = e;
      index = i;
    }
  }
  return { error, index };
}
