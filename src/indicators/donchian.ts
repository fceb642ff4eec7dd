import { forEachFiniteRun } from './_finite-runs.js';
import { assertOutputs, assertPeriod, assertSameLength } from './_validate.js';

export interface DonchianChannel {
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly middle: Float64Array;
}

/**
 * Donchian channel: `upper` = highest high and `lower` = lowest low of the last `period` bars *including the
 * current one* (TA-Lib MAX/MIN convention), `middle = (upper + lower) / 2`. No TA-Lib equivalent as one function.
 *
 * First value at index `period - 1`, NaN before. Because the window includes bar t, `high[t] > upper[t]` is never
 * true: a breakout rule must compare with `upper[t - 1]`. O(1) per bar whatever the period (van Herk / Gil-Werman
 * block extremes). A non-finite high or low makes the output NaN there and restarts the
 * warm-up.
 */
export function donchian(
  high: Float64Array,
  low: Float64Array,
  period: number,
  out: DonchianChannel = allocateChannel(high.length),
): DonchianChannel {
  assertPeriod('donchian', 'period', period);
  const length = assertSameLength('donchian', [high, low]);
  const { upper, lower, middle } = out;
  assertOutputs('donchian', length, [high, low], [upper, lower, middle]);
  forEachFiniteRun([high, low], [upper, lower, middle], (start, end) => {
    const first = start + period - 1;
    if (first >= end) {
      upper.fill(NaN, start, end);
      lower.fill(NaN, start, end);
      middle.fill(NaN, start, end);
      return;
    }
    windowExtremes(high, low, start, end, period, upper, lower);
    upper.fill(NaN, start, first);
    lower.fill(NaN, start, first);
    middle.fill(NaN, start, first);
    for (let i = first; i < end; i++) middle[i] = (upper[i] + lower[i]) / 2;
  });
  return out;
}

function allocateChannel(length: number): DonchianChannel {
  return { upper: new Float64Array(length), lower: new Float64Array(length), middle: new Float64Array(length) };
}

/**
 * Highest high and lowest low of the `period` bars ending at each i in [start + period - 1, end), written to
 * `upper` / `lower` (van Herk 1992, Gil & Werman 1993): cut the run into blocks of `period` bars, take running
 * extremes forwards (prefix) and backwards (suffix) inside each block; the window ending at i spans the tail of
 * one block and the head of the next, so its extreme is that of suffix[i - period + 1] and prefix[i]. Three
 * passes without a data-dependent branch that mispredicts, whatever the period.
 */
function windowExtremes(high: Float64Array, low: Float64Array, start: number, end: number, period: number, upper: Float64Array, lower: Float64Array): void {
  const suffix = new Float64Array(end - start);
  windowMaximum(high, start, end, period, upper, suffix);
  windowMinimum(low, start, end, period, lower, suffix);
}

/** `out[i]` = max of values[i - period + 1 .. i] for i >= start + period - 1; `suffix` is scratch (offset by start). */
function windowMaximum(values: Float64Array, start: number, end: number, period: number, out: Float64Array, suffix: Float64Array): void {
  for (let blockStart = start; blockStart < end; blockStart += period) {
    const blockEnd = Math.min(blockStart + period, end);
    let extreme = values[blockStart];
    out[blockStart] = extreme;
    for (let i = blockStart + 1; i < blockEnd; i++) {
      const value = values[i];
      extreme = value > extreme ? value : extreme;
      out[i] = extreme;
    }
    extreme = values[blockEnd - 1];
    suffix[blockEnd - 1 - start] = extreme;
    for (let i = blockEnd - 2; i >= blockStart; i--) {
      const value = values[i];
      extreme = value > extreme ? value : extreme;
      suffix[i - start] = extreme;
    }
  }
  for (let i = start + period - 1; i < end; i++) {
    const tail = suffix[i - period + 1 - start];
    const head = out[i];
    out[i] = tail > head ? tail : head;
  }
}

/** `out[i]` = min of values[i - period + 1 .. i], as `windowMaximum`. */
function windowMinimum(values: Float64Array, start: number, end: number, period: number, out: Float64Array, suffix: Float64Array): void {
  for (let blockStart = start; blockStart < end; blockStart += period) {
    const blockEnd = Math.min(blockStart + period, end);
    let extreme = values[blockStart];
    out[blockStart] = extreme;
    for (let i = blockStart + 1; i < blockEnd; i++) {
      const value = values[i];
      extreme = value < extreme ? value : extreme;
      out[i] = extreme;
    }
    extreme = values[blockEnd - 1];
    suffix[blockEnd - 1 - start] = extreme;
    for (let i = blockEnd - 2; i >= blockStart; i--) {
      const value = values[i];
      extreme = value < extreme ? value : extreme;
      suffix[i - start] = extreme;
    }
  }
  for (let i = start + period - 1; i < end; i++) {
    const tail = suffix[i - period + 1 - start];
    const head = out[i];
    out[i] = tail < head ? tail : head;
  }
}
