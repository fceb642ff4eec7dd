import type { IndicatorCache } from '../indicators/index.js';

const DERIVED = new WeakMap<IndicatorCache, Map<string, Float64Array>>();

/**
 * A strategy-specific series computed once per indicator cache (i.e. per candles) and key, for derived inputs
 * the indicator registry does not know (e.g. a higher-timeframe direction mapped onto base bars). Read-only.
 */
export function derivedSeries(cache: IndicatorCache, key: string, compute: () => Float64Array): Float64Array {
  let series = DERIVED.get(cache);
  if (series === undefined) {
    series = new Map();
    DERIVED.set(cache, series);
  }
  let values = series.get(key);
  if (values === undefined) {
    values = compute();
    series.set(key, values);
  }
  return values;
}
