import { ohlcvPath, readCandleMeta } from '../data/ohlcv-store.js';
import type { Timeframe } from '../core/index.js';

/**
 * Whether each series holds simulated candles, from its own Parquet metadata (`simulated`), never from the
 * config: a store may hold simulated and real series side by side (`scalp import` writes real ones). Keyed
 * `<pair>|<tf>`; a file whose metadata cannot be read counts as real only if it says nothing (older files).
 */
export async function simulatedSeries(dataDir: string, series: readonly { pair: string; tf: Timeframe }[]): Promise<Map<string, boolean>> {
  const labels = new Map<string, boolean>();
  for (const { pair, tf } of series) labels.set(seriesLabelKey(pair, tf), (await readCandleMeta(ohlcvPath(dataDir, pair, tf))).simulated);
  return labels;
}

export function seriesLabelKey(pair: string, tf: string): string {
  return `${pair}|${tf}`;
}
