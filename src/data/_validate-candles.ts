import { CANDLE_COLUMNS, type Candles, candleCount } from '../core/candles.js';

/**
 * The first reason `candles` cannot be trusted, or undefined when they are fine: timestamps strictly increasing
 * (so also unique) and integral, every value finite. Rows are numbered from 1 as in a file.
 */
export function findCandleProblem(candles: Candles): string | undefined {
  const rows = candleCount(candles);
  const timestamp = candles.timestamp;
  for (let i = 0; i < rows; i++) {
    const t = timestamp[i];
    if (!Number.isInteger(t)) return `row ${i + 1}: timestamp ${t} is not a whole number of milliseconds`;
    if (i > 0 && !(t > timestamp[i - 1])) {
      const kind = t === timestamp[i - 1] ? 'duplicates' : 'is before';
      return `row ${i + 1}: timestamp ${t} (${isoTime(t)}) ${kind} the previous one ${timestamp[i - 1]} (${isoTime(timestamp[i - 1])}); timestamps must strictly increase`;
    }
  }
  for (let c = 1; c < CANDLE_COLUMNS.length; c++) {
    const column = candles[CANDLE_COLUMNS[c]];
    for (let i = 0; i < rows; i++) {
      // v - v is 0 for finite values and NaN for NaN/Infinity: one branch-free-ish test per value.
      if (column[i] - column[i] !== 0) return `row ${i + 1}: ${CANDLE_COLUMNS[c]} is ${column[i]}; every price and volume must be finite`;
    }
  }
  return undefined;
}

/** True when timestamps strictly increase (sorted and unique). */
export function isStrictlyIncreasing(timestamp: Float64Array): boolean {
  for (let i = 1; i < timestamp.length; i++) if (!(timestamp[i] > timestamp[i - 1])) return false;
  return true;
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}
