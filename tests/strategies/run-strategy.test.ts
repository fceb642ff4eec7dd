import { describe, expect, it } from 'vitest';
import { createRng, sliceCandles, UsageError, type Candles } from '../../src/core/index.js';
import { createKernelScratch, tradesToObjects } from '../../src/engine/index.js';
import { IndicatorCache } from '../../src/indicators/index.js';
import { evaluatePlan, getStrategy, planStrategy, runStrategy, STRATEGY_IDS } from '../../src/strategies/index.js';
import { nonEmptyCases } from '../helpers/case-table.js';
import { bars, type Bar } from './_candles.js';

/** A seeded random walk of 5m bars with some volume. */
function randomWalk(length: number, seed: number): Candles {
  const rng = createRng(seed);
  const rows: Bar[] = [];
  let price = 100;
  for (let i = 0; i < length; i++) {
    const open = price;
    const close = open * (1 + 0.006 * rng.normal());
    rows.push([open, Math.max(open, close) * (1 + 0.003 * rng.next()), Math.min(open, close) * (1 - 0.003 * rng.next()), close]);
    price = close;
  }
  const candles = bars(rows, 300_000);
  for (let i = 0; i < length; i++) candles.volume[i] = 1 + 10 * rng.next();
  return candles;
}

describe('IndicatorCache sharing across a grid', () => {
  it('computes each distinct indicator once over 20 combos of one strategy', () => {
    const candles = randomWalk(3000, 1);
    const cache = new IndicatorCache(candles);
    let combos = 0;
    for (const rsi_period of [7, 14]) {
      for (const rsi_low of [20, 25, 30, 35, 40]) {
        for (const vwap_distance_pct of [0.001, 0.003]) {
          runStrategy(candles, 'vwap_rsi', { rsi_period, rsi_low, vwap_distance_pct }, { timeframe: '5m', cache });
          combos++;
        }
      }
    }
    expect(combos).toBe(20);
    // Distinct indicators: vwap, rsi(7), rsi(14); every other request is a cache hit.
    expect(cache.stats()).toMatchObject({ misses: 3, entries: 3, hits: 20 * 2 - 3 });
  });

  it('shares the same arrays between strategies reading the same indicator', () => {
    const candles = randomWalk(1000, 2);
    const cache = new IndicatorCache(candles);
    planStrategy(candles, 'envelope_dca', { ma_period: 20 }, { cache });
    planStrategy(candles, 'envelope_dca_short', { ma_period: 20 }, { cache });
    planStrategy(candles, 'grid_atr', { ma_period: 20, atr_period: 14 }, { cache });
    expect(cache.stats()).toMatchObject({ misses: 2, entries: 2 });
  });
});

describe('runStrategy', () => {
  const candles = randomWalk(2000, 3);

  it('fills missing params from the strategy defaults', () => {
    const defaults = runStrategy(candles, 'bollinger_mr', {}, { timeframe: '5m' });
    const explicit = runStrategy(candles, 'bollinger_mr', { period: 20, mult: 2, stop_loss_pct: 0.02, direction: 'both' }, { timeframe: '5m' });
    expect(explicit.trades).toEqual(defaults.trades);
    expect(defaults.trades.length).toBeGreaterThan(0);
  });

  it.each([
    [{ period: 1 }, /period/],
    [{ mult: 'wide' }, /mult/],
    [{ perod: 20 }, /perod: unknown parameter \(valid: period, mult, stop_loss_pct, direction\)/],
  ])('rejects params %j with a UsageError naming the parameter', (params, message) => {
    expect(() => runStrategy(candles, 'bollinger_mr', params, { timeframe: '5m' })).toThrow(UsageError);
    expect(() => runStrategy(candles, 'bollinger_mr', params, { timeframe: '5m' })).toThrow(message);
  });

  it('rejects an unknown strategy id, listing the valid ones', () => {
    expect(() => runStrategy(candles, 'ema_cross')).toThrow(/unknown strategy "ema_cross"; valid ids: vwap_rsi, momentum, bollinger_mr/);
  });

  it('rejects a cache bound to other candles', () => {
    expect(() => runStrategy(candles, 'momentum', {}, { cache: new IndicatorCache(randomWalk(10, 4)) })).toThrow(/other candles/);
  });

  it('pays the fees it is given', () => {
    const free = runStrategy(candles, 'momentum', {}, { timeframe: '5m' });
    const costly = runStrategy(candles, 'momentum', {}, { timeframe: '5m', fees: { taker: 0.001 } });
    expect(costly.trades.length).toBe(free.trades.length);
    expect(costly.metrics.netReturn).toBeLessThan(free.metrics.netReturn);
  });
});

describe('evaluatePlan', () => {
  const candles = randomWalk(3000, 5);

  it.each(nonEmptyCases('strategy ids', STRATEGY_IDS))('%s: a window of one plan trades like the plan on the window with the warm-up kept', (id) => {
    const plan = planStrategy(candles, id, {}, { timeframe: '5m' });
    const range = { start: 1200, end: 2400 };
    const windowed = evaluatePlan(candles, plan, { timeframe: '5m' }, range);
    const window = sliceCandles(candles, range.start, range.end);
    // The same plan arrays, cut by hand to the window: identical trades and metrics.
    const cutPlan =
      plan.family === 'mono'
        ? { ...plan, startIndex: 0, signals: Object.fromEntries(Object.entries(plan.signals).map(([k, v]) => [k, v!.subarray(range.start, range.end)])) }
        : {
            ...plan,
            startIndex: 0,
            levels: Object.fromEntries(
              Object.entries(plan.levels).map(([k, v]) => {
                if (typeof v === 'number' || v === undefined) return [k, v];
                if ('center' in v) return [k, { ...v, center: v.center.subarray(range.start, range.end) }];
                const width = k === 'long' || k === 'short' ? plan.levels.levelCount : 1;
                return [k, v.subarray(range.start * width, range.end * width)];
              }),
            ),
          };
    const direct = evaluatePlan(window, cutPlan as typeof plan, { timeframe: '5m' });
    expect(tradesToObjects(windowed.result.trades)).toEqual(tradesToObjects(direct.result.trades));
    expect(windowed.metrics).toEqual(direct.metrics);
    expect(windowed.result.equity.length).toBe(1200);
  });

  it('keeps the warm-up when a window starts before it', () => {
    const plan = planStrategy(candles, 'boltrend', { trend_period: 200 }, { timeframe: '5m' });
    const { result } = evaluatePlan(candles, plan, { timeframe: '5m' }, { start: 50, end: 1000 });
    const entries = tradesToObjects(result.trades).map((trade) => trade.entryIndex + 50);
    expect(Math.min(...entries)).toBeGreaterThan(getStrategy('boltrend').warmup({ bb_period: 20, bb_mult: 2, trend_period: 200, stop_loss_pct: 0.03, direction: 'both' }));
  });

  it('reuses a scratch across windows and rejects a range outside the candles', () => {
    const plan = planStrategy(candles, 'grid_atr', {}, { timeframe: '5m' });
    const scratch = createKernelScratch(candles.close.length);
    const first = evaluatePlan(candles, plan, {}, { start: 0, end: 1500 }, scratch);
    expect(first.result.equity.buffer).toBe(scratch.equity.buffer);
    expect(() => evaluatePlan(candles, plan, {}, { start: 10, end: 3001 })).toThrow(/range \[10, 3001\)/);
  });

  it('runStrategy equals evaluatePlan of the same plan over all candles', () => {
    const plan = planStrategy(candles, 'grid_range_atr', {}, { timeframe: '5m' });
    const evaluation = evaluatePlan(candles, plan, { timeframe: '5m' });
    const run = runStrategy(candles, 'grid_range_atr', {}, { timeframe: '5m' });
    expect(run.trades).toEqual(tradesToObjects(evaluation.result.trades));
    expect(run.metrics).toEqual(evaluation.metrics);
  });
});
