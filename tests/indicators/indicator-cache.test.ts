import { describe, expect, it } from 'vitest';
import { IndicatorCache, bollinger, cacheKey, ema, macd, rsi, type IndicatorParams } from '../../src/indicators/index.js';
import { syntheticCandles } from './_candle-fixtures.js';

const candles = syntheticCandles(500);

describe('IndicatorCache', () => {
  it('returns the same array for the same indicator and parameters, computing it once', () => {
    const cache = new IndicatorCache(candles);
    const first = cache.get('ema', { period: 21 });
    const second = cache.get('ema', { period: 21 });
    expect(second).toBe(first);
    expect(first).toEqual(ema(candles.close, 21));
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });

  it('gives different arrays for different parameters', () => {
    const cache = new IndicatorCache(candles);
    const fast = cache.get('ema', { period: 9 });
    const slow = cache.get('ema', { period: 21 });
    const onHigh = cache.get('ema', { period: 9, source: 'high' });
    expect(fast).not.toBe(slow);
    expect(fast).not.toBe(onHigh);
    expect(onHigh).toEqual(ema(candles.high, 9));
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 3, entries: 3 });
  });

  it('treats a default parameter given explicitly, or keys in another order, as the same request', () => {
    const cache = new IndicatorCache(candles);
    const implicit = cache.get('rsi', { period: 14 });
    expect(cache.get('rsi', { source: 'close', period: 14 })).toBe(implicit);
    const line = cache.get('macd', { fast: 12, slow: 26, signal: 9 });
    expect(cache.get('macd', { signal: 9, slow: 26, fast: 12 })).toBe(line);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2 });
    expect(implicit).toEqual(rsi(candles.close, 14));
    expect(line).toEqual(macd(candles.close, 12, 26, 9));
  });

  it('caches multi-output indicators as one object of arrays', () => {
    const cache = new IndicatorCache(candles);
    const bands = cache.get('bollinger', { period: 20, mult: 2 });
    expect(cache.get('bollinger', { period: 20, mult: 2 })).toBe(bands);
    expect(cache.get('bollinger', { period: 20, mult: 2.5 })).not.toBe(bands);
    expect(bands).toEqual(bollinger(candles.close, 20, 2));
  });

  it('computes each distinct indicator once across a parameter grid', () => {
    const cache = new IndicatorCache(candles);
    const fastPeriods = [5, 8, 13];
    const slowPeriods = [13, 21, 34];
    for (const fast of fastPeriods) {
      for (const slow of slowPeriods) {
        cache.get('ema', { period: fast });
        cache.get('ema', { period: slow });
      }
    }
    // distinct periods: 5, 8, 13, 21, 34
    expect(cache.stats()).toMatchObject({ misses: 5, hits: 18 - 5, entries: 5 });
    expect(cache.stats().bytes).toBe(5 * candles.close.length * 8);
  });

  it('computes derived price sources such as hl2 once and uses them as inputs', () => {
    const cache = new IndicatorCache(candles);
    const onMedian = cache.get('sma', { period: 10, source: 'hl2' });
    const median = candles.high.map((h, i) => (h + candles.low[i]) / 2);
    expect(cache.source('hl2')).toEqual(median);
    expect(cache.source('hl2')).toBe(cache.source('hl2'));
    expect(onMedian[9]).toBeCloseTo(median.subarray(0, 10).reduce((a, b) => a + b, 0) / 10, 9);
  });

  it('takes no parameters for indicators that have none', () => {
    const cache = new IndicatorCache(candles);
    expect(cache.get('trueRange')).toBe(cache.get('trueRange', {}));
    expect(cache.get('vwap')).toHaveLength(candles.close.length);
  });

  it('starts over after clear()', () => {
    const cache = new IndicatorCache(candles);
    const before = cache.get('atr', { period: 14 });
    cache.clear();
    expect(cache.get('atr', { period: 14 })).not.toBe(before);
    expect(cache.stats()).toMatchObject({ misses: 2, entries: 1 });
  });

  it('lends its entries to an overlay and keeps out what the overlay computes (dropped with it)', () => {
    const series = new IndicatorCache(candles);
    const shared = series.get('ema', { period: 21 });
    const hl2 = series.source('hl2');
    const overlay = series.overlay();
    expect(overlay.get('ema', { period: 21 })).toBe(shared);
    expect(overlay.source('hl2')).toBe(hl2);
    const oneOff = overlay.get('ema', { period: 23 });
    expect(oneOff).toEqual(ema(candles.close, 23));
    expect(overlay.get('ema', { period: 23 })).toBe(oneOff);
    expect([overlay.has(cacheKey('ema', { period: 21, source: 'close' })), overlay.has(cacheKey('ema', { period: 23, source: 'close' }))]).toEqual([true, true]);
    expect(series.has(cacheKey('ema', { period: 23, source: 'close' }))).toBe(false);
    expect(series.stats()).toMatchObject({ entries: 1 });
  });

  it('with shareComputed, leaves what an overlay computes in the cache it overlays (adopted entries stay in the overlay)', () => {
    const series = new IndicatorCache(candles);
    const task = series.overlay({ shareComputed: true });
    const computed = task.get('ema', { period: 30 });
    const request = IndicatorCache.request('ema', { period: 31 });
    task.adopt(request, ema(candles.close, 31));
    expect(series.get('ema', { period: 30 })).toBe(computed);
    expect([series.has(request.key), task.has(request.key)]).toEqual([false, true]);
  });

  it('names the known indicators when asked for an unknown one', () => {
    const cache = new IndicatorCache(candles);
    expect(() => cache.get('ichimoku' as 'sma', { period: 9 })).toThrow(/unknown indicator "ichimoku".*ema/);
  });

  it('builds keys from sorted parameters', () => {
    expect(cacheKey('macd', { slow: 26, fast: 12, source: 'close' })).toBe('macd{fast=12,slow=26,source="close"}');
  });

  it('types parameters per indicator', () => {
    const params: IndicatorParams<'keltner'> = { period: 20, mult: 1.5 };
    // @ts-expect-error keltner needs a multiplier
    const missing: IndicatorParams<'keltner'> = { period: 20 };
    expect([params, missing]).toHaveLength(2);
  });
});
