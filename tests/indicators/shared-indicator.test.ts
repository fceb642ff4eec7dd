import { describe, expect, it } from 'vitest';
import { IndicatorCache, computeShared, sharedOutput } from '../../src/indicators/index.js';
import { syntheticCandles } from './_candle-fixtures.js';

describe('shared indicators', () => {
  const candles = syntheticCandles(600);

  it('copies outputs into shared memory that reads exactly as the cache computes them, and the cache keeps the shared copy', () => {
    const cache = new IndicatorCache(candles);
    const requests = [IndicatorCache.request('sma', { period: 20 }), IndicatorCache.request('bollinger', { period: 20, mult: 2 }), IndicatorCache.request('adx', { period: 14 })];
    const shared = computeShared(cache, requests);
    const fresh = new IndicatorCache(candles);
    expect(sharedOutput(shared[0])).toEqual(fresh.get('sma', { period: 20 }));
    expect(sharedOutput(shared[1])).toEqual({ ...fresh.get('bollinger', { period: 20, mult: 2 }) });
    expect(sharedOutput(shared[2])).toEqual({ ...fresh.get('adx', { period: 14 }) });
    expect(shared.every((indicator) => indicator.buffer === shared[0].buffer)).toBe(true);
    expect((cache.get('sma', { period: 20 }) as Float64Array).buffer).toBe(shared[0].buffer);
  });

  it('lets another cache adopt a shared output instead of computing it, and lists what it was asked for', () => {
    const source = new IndicatorCache(candles);
    const [shared] = computeShared(source, [IndicatorCache.request('ema', { period: 9 })]);
    const other = new IndicatorCache(candles);
    other.adopt(shared.request, sharedOutput(shared));
    expect((other.get('ema', { period: 9, source: 'close' }) as Float64Array).buffer).toBe(shared.buffer);
    expect(other.stats()).toMatchObject({ hits: 1, misses: 0 });
    other.get('rsi', { period: 14 });
    expect(other.requests().map((request) => request.key)).toEqual(['rsi{period=14,source="close"}']);
  });
});
