import { forEachFiniteRun, leadingGapEnd } from './_finite-runs.js';
import { assertFiniteNumber, assertOutputs, assertPeriod } from './_validate.js';

export interface BollingerBands {
  readonly upper: Float64Array;
  readonly middle: Float64Array;
  readonly lower: Float64Array;
}

/**
 * Bollinger Bands (Bollinger, 1980s): `middle = SMA(close, period)`, `upper/lower = middle +- mult * sigma`, with
 * sigma the population standard deviation of the same window (like TA-Lib BBANDS with MA type SMA and
 * nbDevUp = nbDevDn = mult). Sigma is computed from anchored sums (see `_rolling-moments.ts`), so it stays exact
 * where TA-Lib's `E[x^2] - E[x]^2` loses digits.
 *
 * All three bands start at index `period - 1`, NaN before. A non-finite input makes the bands NaN there and
 * restarts the warm-up.
 */
export function bollinger(
  close: Float64Array,
  period: number,
  mult: number,
  out: BollingerBands = allocateBands(close.length),
): BollingerBands {
  assertPeriod('bollinger', 'period', period);
  assertFiniteNumber('bollinger', 'mult', mult);
  const { upper, middle, lower } = out;
  const outputs = [upper, middle, lower];
  assertOutputs('bollinger', close.length, [close], outputs);
  const start = leadingGapEnd([close], outputs);
  if (!bandsRun(close, start, close.length, period, mult, upper, middle, lower)) {
    forEachFiniteRun([close], outputs, (from, end) => bandsRun(close, from, end, period, mult, upper, middle, lower));
  }
  return out;
}

/**
 * The bands over [start, end), as if the series began at `start`: the anchored sums of `rollingMomentsRun`, written
 * as one block of `period` bars per anchor so that the per-bar loop has no re-anchoring branch. Returns false when
 * some input in the range was not finite (the sums are checked before each re-anchoring and at the end, and every
 * input enters them in between), so the caller must redo the range run by run.
 */
function bandsRun(
  close: Float64Array,
  start: number,
  end: number,
  period: number,
  mult: number,
  upper: Float64Array,
  middle: Float64Array,
  lower: Float64Array,
): boolean {
  const first = start + period - 1;
  if (first >= end) {
    upper.fill(NaN, start, end);
    middle.fill(NaN, start, end);
    lower.fill(NaN, start, end);
    return true;
  }
  for (let i = start; i < first; i++) upper[i] = middle[i] = lower[i] = NaN;
  let sumSquares = 0;
  for (let anchorBar = first; anchorBar < end; anchorBar += period) {
    if (!(sumSquares - sumSquares === 0)) return false;
    const anchor = close[anchorBar];
    let sum = 0;
    sumSquares = 0;
    for (let j = anchorBar - period + 1; j <= anchorBar; j++) {
      const d = close[j] - anchor;
      sum += d;
      sumSquares += d * d;
    }
    const blockEnd = Math.min(anchorBar + period, end);
    for (let i = anchorBar; ; ) {
      const meanOffset = sum / period;
      const variance = sumSquares / period - meanOffset * meanOffset;
      const width = mult * (variance > 0 ? Math.sqrt(variance) : 0);
      const center = anchor + meanOffset;
      middle[i] = center;
      upper[i] = center + width;
      lower[i] = center - width;
      if (++i >= blockEnd) break;
      const leaving = close[i - period] - anchor;
      const entering = close[i] - anchor;
      sum += entering - leaving;
      sumSquares += entering * entering - leaving * leaving;
    }
  }
  return sumSquares - sumSquares === 0;
}

function allocateBands(length: number): BollingerBands {
  return { upper: new Float64Array(length), middle: new Float64Array(length), lower: new Float64Array(length) };
}
