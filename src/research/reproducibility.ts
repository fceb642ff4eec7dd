/**
 * Reproducibility stamp pieces: a hash of the candle bytes, a hash of any JSON-like value with sorted keys, and
 * the cache key of one research job (same inputs and code -> same key -> the stored result can be reused).
 */
import { createHash } from 'node:crypto';
import { CANDLE_COLUMNS, type Candles } from '../core/index.js';

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex, first 32 chars) of a value's stable JSON. */
export function hashValue(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 32);
}

/** SHA-256 (hex, first 32 chars) of the candle columns' bytes, column by column (timestamp, open, ..., volume). */
export function candlesHash(candles: Candles): string {
  const hash = createHash('sha256');
  for (const column of CANDLE_COLUMNS) {
    const values = candles[column];
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex').slice(0, 32);
}

/** Cache key of one research job: candles, strategy, grid, defaults, config, fees, seed and code version. */
export function researchInputHash(parts: {
  dataHash: string;
  pair: string;
  tf: string;
  strategyId: string;
  grid: unknown;
  defaults: unknown;
  configHash: string;
  codeVersion: string;
  seed: number;
}): string {
  return hashValue(parts);
}
