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
 * true: a breakout rule must compare with `upper[t - 1]`. Amortised O(1) per bar (the extreme is rescanned only
 * when it leaves the window). A non-finite high or low makes the output NaN there and restarts the warm-up.
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
    upper.fill(NaN, start, first);
    lower.fill(NaN, start, first);
    middle.fill(NaN, start, first);
    let highestIndex = -1;
    let highest = 0;
    let lowestIndex = -1;
    let lowest = 0;
    for (let i = first; i < end; i++) {
      const trailing = i - period + 1;
      if (highestIndex < trailing) {
        highestIndex = trailing;
        highest = high[trailing];
        for (let j = trailing + 1; j <= i; j++) if (high[j] >= highest) (highest = high[j]), (highestIndex = j);
      } else if (high[i] >= highest) {
        highest = high[i];
        highestIndex = i;
      }
      if (lowestIndex < trailing) {
        lowestIndex = trailing;
        lowest = low[trailing];
        for (let j = trailing + 1; j <= i; j++) if (low[j] <= lowest) (lowest = low[j]), (lowestIndex = j);
      } else if (low[i] <= lowest) {
        lowest = low[i];
        lowestIndex = i;
      }
      upper[i] = highest;
      lower[i] = lowest;
      middle[i] = (highest + lowest) / 2;
    }
  });
  return out;
}

function allocateChannel(length: number): DonchianChannel {
  return { upper: new Float64Array(length), lower: new Float64Array(length), middle: new Float64Array(length) };
}
