import { forEachFiniteRun } from './_finite-runs.js';
import { assertOutputs, assertSameLength } from './_validate.js';

const DAY_MS = 86_400_000;

/**
 * Session VWAP: `sum(typical * volume) / sum(volume)` over the bars of the current UTC day so far (bar t included),
 * with `typical = (high + low + close) / 3`. The session resets at UTC midnight, read from the candle-open
 * `timestamp` (epoch ms). No TA-Lib equivalent.
 *
 * Ready from the first bar of each session; NaN while the session has traded no volume yet (0 / 0). A non-finite
 * input makes the output NaN there and restarts the accumulation from the next usable bar (within the same day the
 * VWAP then covers only the bars after the gap).
 */
export function vwap(
  timestamp: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const inputs = [timestamp, high, low, close, volume];
  const length = assertSameLength('vwap', inputs);
  assertOutputs('vwap', length, inputs, [out]);
  forEachFiniteRun(inputs, [out], (start, end) => {
    let session = Number.NaN;
    let priceVolume = 0;
    let totalVolume = 0;
    for (let i = start; i < end; i++) {
      const day = Math.floor(timestamp[i] / DAY_MS);
      if (day !== session) {
        session = day;
        priceVolume = 0;
        totalVolume = 0;
      }
      const v = volume[i];
      priceVolume += ((high[i] + low[i] + close[i]) / 3) * v;
      totalVolume += v;
      out[i] = totalVolume === 0 ? NaN : priceVolume / totalVolume;
    }
  });
  return out;
}
