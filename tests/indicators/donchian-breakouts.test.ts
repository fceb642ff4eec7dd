import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { BREAKOUT, IndicatorCache, computeShared, donchian, donchianBreakouts, sharedOutput } from '../../src/indicators/index.js';
import { syntheticCandles } from './_candle-fixtures.js';

/** The definition: compare each close with the previous bar's channel, as a strategy would. */
function breakoutsFromChannel(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Uint8Array {
  const { upper, lower } = donchian(high, low, period);
  const out = new Uint8Array(close.length);
  for (let t = 1; t < close.length; t++) out[t] = (close[t] > upper[t - 1] ? BREAKOUT.up : 0) | (close[t] < lower[t - 1] ? BREAKOUT.down : 0);
  return out;
}

/** Random-walk candles with non-finite highs, lows and closes sprinkled in and prices rounded to make ties common. */
function gappyCandles(seed: number, length: number) {
  const rng = createRng(seed);
  const candles = syntheticCandles(length, seed);
  const round = (value: number) => Math.round(value * 4) / 4;
  for (let i = 0; i < length; i++) {
    candles.high[i] = round(candles.high[i]);
    candles.low[i] = round(candles.low[i]);
    candles.close[i] = round(candles.close[i]);
    const roll = rng.next();
    if (roll < 0.01) candles.high[i] = Number.NaN;
    else if (roll < 0.02) candles.low[i] = Number.POSITIVE_INFINITY;
    else if (roll < 0.03) candles.close[i] = Number.NaN;
  }
  return candles;
}

describe('donchianBreakouts', () => {
  it('flags exactly the closes beyond the previous bar channel, through gaps, ties and warm-ups', () => {
    let breakouts = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { high, low, close } = gappyCandles(seed, 3_000);
      for (const period of [2, 3, 7, 20, 55, 200]) {
        const expected = breakoutsFromChannel(high, low, close, period);
        expect(donchianBreakouts(high, low, close, period), `seed ${seed} period ${period}`).toEqual(expected);
        breakouts += expected.reduce((count, flag) => count + (flag === 0 ? 0 : 1), 0);
      }
    }
    expect(breakouts).toBeGreaterThan(10_000);
  });

  it('agrees on a clean market too, where a long channel breaks rarely', () => {
    const { high, low, close } = syntheticCandles(20_000, 3);
    for (const period of [10, 100, 500]) expect(donchianBreakouts(high, low, close, period)).toEqual(breakoutsFromChannel(high, low, close, period));
  });

  it('is served by the cache and shared between workers as bytes, beside float outputs in one buffer', () => {
    const candles = syntheticCandles(1_001, 5);
    const cache = new IndicatorCache(candles);
    const requests = [IndicatorCache.request('donchianBreakouts', { period: 20 }), IndicatorCache.request('sma', { period: 20 })];
    const [bytes, floats] = computeShared(cache, requests);
    const view = sharedOutput(bytes) as Uint8Array;
    expect(view).toBeInstanceOf(Uint8Array);
    expect(view).toEqual(breakoutsFromChannel(candles.high, candles.low, candles.close, 20));
    expect(sharedOutput(floats)).toEqual(new IndicatorCache(candles).get('sma', { period: 20 }));
    expect(floats.buffer).toBe(bytes.buffer);
    expect((cache.get('donchianBreakouts', { period: 20 }) as Uint8Array).buffer).toBe(bytes.buffer);
  });

  it('reads the columns as they are at each call (a caller may update them in place between calls)', () => {
    const { high, low, close } = syntheticCandles(500, 9);
    donchianBreakouts(high, low, close, 20);
    for (let t = 100; t < 500; t += 37) close[t] = high[t] * 1.5;
    expect(donchianBreakouts(high, low, close, 20)).toEqual(breakoutsFromChannel(high, low, close, 20));
  });

  it('refuses a period below 1 and columns of different lengths', () => {
    const { high, low, close } = syntheticCandles(50, 1);
    expect(() => donchianBreakouts(high, low, close, 0)).toThrow(/period/);
    expect(() => donchianBreakouts(high, low, close.subarray(1), 5)).toThrow(/donchianBreakouts/);
  });
});
