import { allocateCandles, CANDLE_COLUMNS, type Candles } from '../core/index.js';

/**
 * Candles on one SharedArrayBuffer (six float64 columns back to back), as sent to worker threads: cloning the
 * reference shares the memory, so the columns are never copied per task. `id` keys the worker-side cache.
 */
export interface SharedCandlesRef {
  readonly id: string;
  readonly length: number;
  readonly buffer: SharedArrayBuffer;
}

let counter = 0;

/** Copies `candles` once into shared memory (a no-op re-wrap when they already live on one shared buffer). */
export function shareCandles(candles: Candles, id = `candles-${process.pid}-${++counter}`): SharedCandlesRef {
  const length = candles.close.length;
  const shared = allocateCandles(length, true);
  for (const column of CANDLE_COLUMNS) shared[column].set(candles[column]);
  return { id, length, buffer: shared.close.buffer as SharedArrayBuffer };
}

/** Candles viewing the shared buffer of `ref` (no copy). */
export function candlesFromRef(ref: SharedCandlesRef): Candles {
  const bytes = ref.length * Float64Array.BYTES_PER_ELEMENT;
  const column = (i: number) => new Float64Array(ref.buffer, i * bytes, ref.length);
  return { timestamp: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
}
