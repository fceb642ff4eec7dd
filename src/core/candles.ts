/**
 * Candles as columns: one Float64Array per field, timestamps as float64 epoch milliseconds (candle open, UTC).
 * Every hot loop in scalp reads these arrays directly.
 */
export interface Candles {
  readonly timestamp: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export const CANDLE_COLUMNS = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;
export type CandleColumn = (typeof CANDLE_COLUMNS)[number];

/** One candle as a plain row, for the edges (exchange responses, CSV lines, tests). */
export type CandleRow = readonly [timestamp: number, open: number, high: number, low: number, close: number, volume: number];

export function candleCount(candles: Candles): number {
  return candles.timestamp.length;
}

/** Allocates empty columns for `length` candles, optionally on one shared buffer (for workers). */
export function allocateCandles(length: number, shared = false): Candles {
  const bytes = length * Float64Array.BYTES_PER_ELEMENT;
  const buffer = shared ? new SharedArrayBuffer(bytes * CANDLE_COLUMNS.length) : new ArrayBuffer(bytes * CANDLE_COLUMNS.length);
  const column = (i: number) => new Float64Array(buffer, i * bytes, length);
  return {
    timestamp: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
  };
}

/** Views (no copy) of candles [start, end). */
export function sliceCandles(candles: Candles, start: number, end = candleCount(candles)): Candles {
  return {
    timestamp: candles.timestamp.subarray(start, end),
    open: candles.open.subarray(start, end),
    high: candles.high.subarray(start, end),
    low: candles.low.subarray(start, end),
    close: candles.close.subarray(start, end),
    volume: candles.volume.subarray(start, end),
  };
}

export function candlesFromRows(rows: readonly CandleRow[]): Candles {
  const candles = allocateCandles(rows.length);
  rows.forEach((row, i) => {
    CANDLE_COLUMNS.forEach((column, c) => {
      candles[column][i] = row[c];
    });
  });
  return candles;
}

export function candleRows(candles: Candles): CandleRow[] {
  const rows: CandleRow[] = [];
  for (let i = 0; i < candleCount(candles); i++) {
    rows.push([candles.timestamp[i], candles.open[i], candles.high[i], candles.low[i], candles.close[i], candles.volume[i]]);
  }
  return rows;
}
