import { describe, expect, it } from 'vitest';
import { atr, bollinger, ema, macd, sma } from '../../src/indicators/index.js';

const values = Float64Array.of(1, 2, 3, 4, 5);

describe('indicator arguments', () => {
  it.each([0, -3, 2.5, Number.NaN])('rejects period %s with a message naming the indicator', (period) => {
    expect(() => ema(values, period)).toThrow(RangeError);
    expect(() => ema(values, period)).toThrow(/^ema: period must be an integer >= 1/);
  });

  it('rejects columns of different lengths', () => {
    expect(() => atr(values, values.subarray(1), values, 3)).toThrow(/atr: input columns must have the same length, got 5, 4, 5/);
  });

  it('rejects an out array of the wrong length', () => {
    expect(() => sma(values, 2, new Float64Array(4))).toThrow(/sma: output length 4 differs from input length 5/);
  });

  it('refuses to compute in place', () => {
    expect(() => sma(values, 2, values)).toThrow(/in-place/);
  });

  it('rejects a MACD whose fast period is not shorter than the slow one', () => {
    expect(() => macd(values, 26, 12, 9)).toThrow(/macd: slow must be an integer >= 27/);
  });

  it('rejects a non-finite band multiplier', () => {
    expect(() => bollinger(values, 2, Number.NaN)).toThrow(/bollinger: mult must be a finite number/);
  });

  it('returns all NaN when the period is longer than the series', () => {
    expect(Array.from(sma(values, 6))).toEqual([NaN, NaN, NaN, NaN, NaN]);
  });
});
