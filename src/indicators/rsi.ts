import { forEachFiniteRun, leadingGapEnd } from './_finite-runs.js';
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
  const start = leadingGapEnd([close], [out]);
  if (!rsiRun(close, start, close.length, period, out)) forEachFiniteRun([close], [out], (from, end) => rsiRun(close, from, end, period, out));
  return out;
}

/**
 * RSI over [start, end), as if the series began at `start`. Returns false when some close in the range was not
 * finite (every close enters a change, and a NaN or infinite change poisons the averages for good), in which case
 * the caller must redo the range run by run.
 */
function rsiRun(close: Float64Array, start: number, end: number, period: number, out: Float64Array): boolean {
  const first = start + period;
  if (first >= end) {
    out.fill(NaN, start, end);
    return true;
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
  const total = gain + loss;
  return total - total === 0;
}

function relativeStrength(gain: number, loss: number): number {
  const total = gain + loss;
  return total === 0 ? 0 : (100 * gain) / total;
}
