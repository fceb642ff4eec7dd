import { forEachFiniteRun } from './_finite-runs.js';
import { assertOutputs, assertPeriod } from './_validate.js';

/**
 * Relative Strength Index (Wilder, 1978): `100 * avgGain / (avgGain + avgLoss)`, where gains and losses are the
 * positive and negative close-to-close changes and the averages use Wilder's smoothing
 * `avg[t] = (avg[t-1] * (period - 1) + x[t]) / period`, seeded with the plain mean of the first `period` changes.
 *
 * TA-Lib convention (RSI): first value at index `period` (it needs `period` changes, so `period + 1` closes); NaN
 * before. When there was no movement at all (avgGain + avgLoss = 0) the value is 0, as in TA-Lib (which tests
 * against 1e-8; scalp tests exact zero so that low-priced assets are not affected). A non-finite input makes the
 * output NaN there and restarts the warm-up.
 */
export function rsi(close: Float64Array, period: number, out: Float64Array = new Float64Array(close.length)): Float64Array {
  assertPeriod('rsi', 'period', period);
  assertOutputs('rsi', close.length, [close], [out]);
  forEachFiniteRun([close], [out], (start, end) => rsiRun(close, start, end, period, out));
  return out;
}

function rsiRun(close: Float64Array, start: number, end: number, period: number, out: Float64Array): void {
  const first = start + period;
  if (first >= end) {
    out.fill(NaN, start, end);
    return;
  }
  let gain = 0;
  let loss = 0;
  out[start] = NaN;
  for (let i = start + 1; i < first; i++) {
    const change = close[i] - close[i - 1];
    if (change < 0) loss -= change;
    else gain += change;
    out[i] = NaN;
  }
  const change = close[first] - close[first - 1];
  if (change < 0) loss -= change;
  else gain += change;
  gain /= period;
  loss /= period;
  out[first] = relativeStrength(gain, loss);
  const keep = period - 1;
  for (let i = first + 1; i < end; i++) {
    const delta = close[i] - close[i - 1];
    gain *= keep;
    loss *= keep;
    if (delta < 0) loss -= delta;
    else gain += delta;
    gain /= period;
    loss /= period;
    out[i] = relativeStrength(gain, loss);
  }
}

function relativeStrength(gain: number, loss: number): number {
  const total = gain + loss;
  return total === 0 ? 0 : (100 * gain) / total;
}
