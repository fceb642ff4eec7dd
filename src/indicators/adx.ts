import { forEachFiniteRun } from './_finite-runs.js';
import { trueRangeAt } from './true-range.js';
import { assertOutputs, assertPeriod, assertSameLength } from './_validate.js';

export interface DirectionalMovement {
  readonly adx: Float64Array;
  readonly plusDi: Float64Array;
  readonly minusDi: Float64Array;
}

/**
 * Average Directional Index with +DI and -DI (Wilder, 1978), following TA-Lib ADX / PLUS_DI / MINUS_DI:
 * - `upMove = high[t] - high[t-1]`, `downMove = low[t-1] - low[t]`; +DM = upMove when upMove > downMove and > 0,
 *   -DM = downMove when downMove > upMove and > 0, else 0;
 * - +DM, -DM and TR are Wilder-summed: the first `period - 1` values are added, then each bar does
 *   `sum = sum - sum / period + value`;
 * - `+DI = 100 * sum(+DM) / sum(TR)` (0 when sum(TR) = 0), same for -DI; `DX = 100 * |+DI - -DI| / (+DI + -DI)`;
 * - ADX is the mean of the first `period` DX values, then `adx = (adx * (period - 1) + dx) / period`. A bar whose DX
 *   is undefined (no range, or +DI + -DI = 0) leaves the ADX unchanged, as in TA-Lib.
 *
 * Warm-up: +DI and -DI first at index `period`, ADX first at `2 * period - 1`; NaN before. A non-finite input makes
 * the outputs NaN there and restarts the warm-up.
 */
export function adx(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out: DirectionalMovement = allocateOutputs(close.length),
): DirectionalMovement {
  assertPeriod('adx', 'period', period);
  const length = assertSameLength('adx', [high, low, close]);
  assertOutputs('adx', length, [high, low, close], [out.adx, out.plusDi, out.minusDi]);
  forEachFiniteRun([high, low, close], [out.adx, out.plusDi, out.minusDi], (start, end) =>
    adxRun(high, low, close, start, end, period, out),
  );
  return out;
}

function adxRun(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  start: number,
  end: number,
  period: number,
  out: DirectionalMovement,
): void {
  const { adx: adxOut, plusDi, minusDi } = out;
  const firstDi = Math.min(start + period, end);
  const firstAdx = Math.min(start + 2 * period - 1, end);
  adxOut.fill(NaN, start, firstAdx);
  plusDi.fill(NaN, start, firstDi);
  minusDi.fill(NaN, start, firstDi);
  let plusSum = 0;
  let minusSum = 0;
  let rangeSum = 0;
  let dxSum = 0;
  let average = 0;
  for (let i = start + 1; i < end; i++) {
    const upMove = high[i] - high[i - 1];
    const downMove = low[i - 1] - low[i];
    const range = trueRangeAt(high, low, close, i);
    if (i >= firstDi) {
      plusSum -= plusSum / period;
      minusSum -= minusSum / period;
      rangeSum -= rangeSum / period;
    }
    if (downMove > 0 && upMove < downMove) minusSum += downMove;
    else if (upMove > 0 && upMove > downMove) plusSum += upMove;
    rangeSum += range;
    if (i < firstDi) continue;
    let plus = 0;
    let minus = 0;
    let dx = NaN;
    if (rangeSum !== 0) {
      plus = (100 * plusSum) / rangeSum;
      minus = (100 * minusSum) / rangeSum;
      const total = plus + minus;
      if (total !== 0) dx = (100 * Math.abs(minus - plus)) / total;
    }
    plusDi[i] = plus;
    minusDi[i] = minus;
    if (i < firstAdx) {
      if (dx === dx) dxSum += dx;
    } else if (i === firstAdx) {
      if (dx === dx) dxSum += dx;
      average = dxSum / period;
      adxOut[i] = average;
    } else {
      if (dx === dx) average = (average * (period - 1) + dx) / period;
      adxOut[i] = average;
    }
  }
}

function allocateOutputs(length: number): DirectionalMovement {
  return { adx: new Float64Array(length), plusDi: new Float64Array(length), minusDi: new Float64Array(length) };
}
