import { sma } from './sma.js';

/** Simple moving average of volume; exactly `sma(volume, period)` (first value at `period - 1`). */
export function volumeSma(volume: Float64Array, period: number, out: Float64Array = new Float64Array(volume.length)): Float64Array {
  return sma(volume, period, out);
}
