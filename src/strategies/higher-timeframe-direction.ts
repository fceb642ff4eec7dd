import type { Candles } from '../core/index.js';
import { supertrend } from '../indicators/index.js';

/** Bar length guessed from the timestamps: the smallest positive step among the first 64 bars. */
export function inferBarMs(timestamp: Float64Array): number {
  let step = Infinity;
  const last = Math.min(timestamp.length, 65);
  for (let i = 1; i < last; i++) {
    const gap = timestamp[i] - timestamp[i - 1];
    if (gap > 0 && gap < step) step = gap;
  }
  if (!Number.isFinite(step)) throw new RangeError('cannot infer the bar length from fewer than 2 candles: pass context.timeframe');
  return step;
}

/**
 * SuperTrend direction of a higher timeframe, mapped onto base bars without lookahead.
 *
 * Base bars are grouped into higher-timeframe (HTF) bars of `factor x barMs` aligned on the UTC epoch grid
 * (bucket `floor(timestamp / htfMs)`; missing base bars leave their HTF bar shorter). Each HTF bar has the first
 * open, the highest high, the lowest low and the last close of its base bars, and closes at `(bucket + 1) x htfMs`.
 * SuperTrend(period, mult) runs on the HTF bars; base bar t receives the direction of the last HTF bar that
 * closed at or before `timestamp[t]` (t's open), so the HTF bar still forming during t is never used.
 * NaN until such a warm HTF bar exists.
 */
export function higherTimeframeDirection(candles: Candles, barMs: number, factor: number, period: number, mult: number): Float64Array {
  if (!(Number.isInteger(factor) && factor >= 1)) throw new RangeError(`higher timeframe factor must be an integer >= 1, was ${factor}`);
  const { timestamp, high, low, close } = candles;
  const n = timestamp.length;
  const htfMs = barMs * factor;
  let count = 0;
  for (let t = 0; t < n; t++) if (t === 0 || Math.floor(timestamp[t] / htfMs) !== Math.floor(timestamp[t - 1] / htfMs)) count++;
  const htfHigh = new Float64Array(count);
  const htfLow = new Float64Array(count);
  const htfClose = new Float64Array(count);
  const htfEnd = new Float64Array(count);
  let j = -1;
  let bucket = Number.NaN;
  for (let t = 0; t < n; t++) {
    const b = Math.floor(timestamp[t] / htfMs);
    if (b !== bucket) {
      bucket = b;
      j++;
      htfHigh[j] = high[t];
      htfLow[j] = low[t];
      htfEnd[j] = (b + 1) * htfMs;
    } else {
      if (high[t] > htfHigh[j]) htfHigh[j] = high[t];
      if (low[t] < htfLow[j]) htfLow[j] = low[t];
    }
    htfClose[j] = close[t];
  }
  const { direction } = supertrend(htfHigh, htfLow, htfClose, period, mult);
  const out = new Float64Array(n);
  let closed = -1;
  for (let t = 0; t < n; t++) {
    while (closed + 1 < count && htfEnd[closed + 1] <= timestamp[t]) closed++;
    out[t] = closed >= 0 ? direction[closed] : Number.NaN;
  }
  return out;
}
