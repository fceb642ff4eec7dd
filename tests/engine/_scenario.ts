// Hand-made candle scenarios for the engine tests (freqtrade BTContainer style).
import { candlesFromRows, type Candles } from '../../src/core/index.js';

export type Bar = readonly [open: number, high: number, low: number, close: number];

export const HOUR_MS = 3_600_000;
/** 2024-01-01 06:00 UTC, so the 08:00 funding bar is index 2 on 1h bars. */
export const START_MS = Date.UTC(2024, 0, 1, 6);

export function bars(rows: readonly Bar[], stepMs = HOUR_MS, startMs = START_MS): Candles {
  return candlesFromRows(rows.map(([o, h, l, c], i) => [startMs + i * stepMs, o, h, l, c, 1]));
}

/** A signal array that is on at the given bar indices. */
export function on(length: number, ...indices: number[]): Uint8Array {
  const out = new Uint8Array(length);
  for (const i of indices) out[i] = 1;
  return out;
}

/** A level array: NaN except the given { barIndex: price } entries. */
export function levelsAt(length: number, values: Record<number, number>): Float64Array {
  const out = new Float64Array(length).fill(Number.NaN);
  for (const [i, v] of Object.entries(values)) out[Number(i)] = v;
  return out;
}

/** Row-major n x K grid levels, the same K prices on every bar. */
export function constantLevels(length: number, prices: readonly number[]): Float64Array {
  const out = new Float64Array(length * prices.length);
  for (let t = 0; t < length; t++) out.set(prices, t * prices.length);
  return out;
}
