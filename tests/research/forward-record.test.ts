import { describe, expect, it } from 'vitest';
import { sliceCandles } from '../../src/core/index.js';
import { IndicatorCache } from '../../src/indicators/index.js';
import { firstBarAtOrAfter, forwardRecord } from '../../src/research/forward-record.js';
import { evaluatePlan, planStrategy } from '../../src/strategies/index.js';
import { meanRevertingCandles } from './_synthetic-candles.js';

const candles = meanRevertingCandles(3000, 7);
const fees = { taker: 0.0005, maker: 0.0002, slippage: 0.0002 };
const params = { period: 20, mult: 2 };
const base = { candles, tf: '5m' as const, strategyId: 'bollinger_mr', params, fees };

describe('forwardRecord', () => {
  it('starts at the first candle that opened at or after the promotion, never before (clock skew)', () => {
    const promotedAt = candles.timestamp[2000] - 1; // between bars 1999 and 2000
    const record = forwardRecord({ ...base, promotedAt });
    expect(record.times[0]).toBe(candles.timestamp[2000]);
    expect(record.times).toHaveLength(1000);
    expect(record.returns).toHaveLength(999);
    expect(firstBarAtOrAfter(candles.timestamp, candles.timestamp[2000])).toBe(2000);
    expect(forwardRecord({ ...base, promotedAt: candles.timestamp[2999] + 1 }).returns).toHaveLength(0);
  });

  it('trades the promoted params with indicators warmed on the bars before the promotion, as the engine does', () => {
    const record = forwardRecord({ ...base, promotedAt: candles.timestamp[2000] });
    const plan = planStrategy(candles, 'bollinger_mr', params, { cache: new IndicatorCache(candles), timeframe: '5m' });
    const { result, metrics } = evaluatePlan(candles, plan, { fees, timeframe: '5m' }, { start: 2000, end: 3000 });
    expect(record.trades.length).toBe(result.trades.count);
    expect(record.trades.length).toBeGreaterThan(0);
    expect(record.netReturn).toBe(metrics.netReturn);
    expect(record.equity[0]).toBe(1);
  });

  it('keeps its past as new candles arrive: every bar but the provisional last one is unchanged', () => {
    const promotedAt = candles.timestamp[2000];
    const later = forwardRecord({ ...base, promotedAt });
    for (const end of [2300, 2600]) {
      const earlier = forwardRecord({ ...base, candles: sliceCandles(candles, 0, end), promotedAt });
      const settled = earlier.returns.length - 1; // the last bar closes open positions for the report
      expect(Array.from(earlier.returns.subarray(0, settled))).toEqual(Array.from(later.returns.subarray(0, settled)));
    }
  });

  it('throws the strategy\'s own error when the promoted params no longer validate', () => {
    expect(() => forwardRecord({ ...base, params: { period: 1 }, promotedAt: candles.timestamp[2000] })).toThrow(/period/);
  });
});
