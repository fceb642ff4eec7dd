import { describe, expect, it } from 'vitest';
import { allocateCandles, sliceCandles, type Candles } from '../../src/core/index.js';
import { ema, rsi, sma, trueRange } from '../../src/indicators/index.js';
import { CONTRACT_CASES, asOutputs } from './_contract-cases.js';
import { firstFiniteIndex, syntheticCandles } from './_candle-fixtures.js';

/** A copy of the candles with one field of one bar replaced. */
function withValue(candles: Candles, bar: number, field: 'close' | 'high' | 'volume', value: number): Candles {
  const copy = allocateCandles(candles.close.length);
  for (const key of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) copy[key].set(candles[key]);
  copy[field][bar] = value;
  return copy;
}

const candles = syntheticCandles(300);
const GAP = 120;

describe.each(CONTRACT_CASES)('$name across a non-finite input', ({ name, compute }) => {
  const field = name === 'volumeSma' ? 'volume' : name === 'donchian' ? 'high' : 'close';
  it.each([Number.NaN, Number.POSITIVE_INFINITY])(`leaves earlier bars alone, is NaN at the gap, then re-warms as a fresh series (${field} = %s)`, (bad) => {
    const clean = asOutputs(compute(candles));
    const gapped = asOutputs(compute(withValue(candles, GAP, field, bad)));
    const fresh = asOutputs(compute(sliceCandles(candles, GAP + 1)));
    for (const key of Object.keys(clean)) {
      expect(gapped[key].subarray(0, GAP), key).toEqual(clean[key].subarray(0, GAP));
      expect(gapped[key][GAP], key).toBeNaN();
      expect(gapped[key].subarray(GAP + 1), key).toEqual(fresh[key]);
    }
  });
});

describe('gap convention, by hand', () => {
  it('an SMA(3) is NaN at a NaN close and for the two bars after it', () => {
    const close = Float64Array.of(1, 2, 3, NaN, 5, 6, 7, 8);
    expect(Array.from(sma(close, 3))).toEqual([NaN, NaN, 2, NaN, NaN, NaN, 6, 7]);
  });

  it('a true range needs the previous close, so the bar after a gap is NaN too', () => {
    const high = Float64Array.of(2, 3, 4, 5);
    const low = Float64Array.of(1, 2, 3, 4);
    const close = Float64Array.of(1.5, NaN, 3.5, 4.5);
    expect(Array.from(trueRange(high, low, close))).toEqual([NaN, NaN, NaN, 1.5]); // max(5 - 4, |5 - 3.5|, |4 - 3.5|)
  });

  it('chains: an EMA of an RSI seeds on the first finite RSI values', () => {
    const close = syntheticCandles(100).close;
    const strength = rsi(close, 14);
    const smoothed = ema(strength, 9);
    expect(firstFiniteIndex(smoothed)).toBe(14 + 9 - 1);
    expect(smoothed[22]).toBeCloseTo(strength.subarray(14, 23).reduce((a, b) => a + b, 0) / 9, 12);
  });
});
