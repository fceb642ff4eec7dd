import { barsPerYear, type Candles, type Timeframe } from '../core/index.js';

/** Bars per year from explicit options, else from the step between the first two timestamps. */
export function resolveBarsPerYear(candles: Candles, options: { barsPerYear?: number; timeframe?: Timeframe }): number {
  if (options.barsPerYear !== undefined) {
    if (!(options.barsPerYear > 0)) throw new RangeError(`barsPerYear must be > 0, was ${options.barsPerYear}`);
    return options.barsPerYear;
  }
  if (options.timeframe !== undefined) return barsPerYear(options.timeframe);
  const step = candles.timestamp.length > 1 ? candles.timestamp[1] - candles.timestamp[0] : 0;
  if (!(step > 0)) throw new RangeError('pass options.timeframe or options.barsPerYear (cannot infer the bar frequency from the timestamps)');
  return (365 * 86_400_000) / step;
}
