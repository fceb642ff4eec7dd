import { describe, expect, it } from 'vitest';
import type { Candles } from '../../src/core/index.js';
import { IndicatorCache } from '../../src/indicators/index.js';
import { chooseWalkForward, recordWalkForward } from '../../src/research/index.js';
import { defaultBacktestConfig } from '../../src/config/backtest-config.js';
import { randomWalkCandles, withOtherFuture } from './_synthetic-candles.js';

const fees = { taker: 0.0005, maker: 0.0002, slippage: 0.0002 };
const config = defaultBacktestConfig();

describe('no lookahead in the walk-forward record and its passive benchmark', () => {
  const candles = randomWalkCandles(5000, 21);
  const cases = [
    ['donchian_breakout', { entry_period: [10, 20], exit_period: [5, 10] }],
    ['momentum', { lookback: [10, 20], volume_mult: [0], take_profit_pct: [0.02] }],
    ['boltrend', { bb_period: [14, 20], bb_mult: [2], trend_period: [100] }],
    ['bollinger_mr', { period: [14, 20], mult: [2, 2.5] }],
  ] as const;

  it.each(cases)('%s: windows that end before a changed future keep their choices, returns, trades and betas', async (strategyId, grid) => {
    const run = async (bars: Candles) => {
      const input = { tf: '5m' as const, strategyId, grid, defaults: {}, config, execution: { fees }, seed: 1 };
      const choice = await chooseWalkForward(bars, input);
      return { choice, record: recordWalkForward({ candles: bars, tf: '5m', strategyId, execution: { fees }, cache: new IndicatorCache(bars) }, choice) };
    };
    const original = await run(candles);
    const cut = 3;
    const changed = await run(withOtherFuture(candles, randomWalkCandles(5000, 22), original.choice.windows[cut].oosEnd));
    const keptBars = original.choice.windows.slice(0, cut + 1).reduce((sum, w) => sum + (w.oosEnd - w.oosStart - 1), 0);
    expect(Array.from(changed.record.oos.barReturns.subarray(0, keptBars))).toEqual(Array.from(original.record.oos.barReturns.subarray(0, keptBars)));
    for (let w = 0; w <= cut; w++) {
      expect(changed.choice.choices[w]).toEqual(original.choice.choices[w]);
      expect(changed.record.oos.ranges[w]).toEqual(original.record.oos.ranges[w]);
      expect(changed.record.passive.betas[w]).toBe(original.record.passive.betas[w]);
      expect(changed.record.passive.windowExcess[w]).toBe(original.record.passive.windowExcess[w]);
    }
    // The change is real: some later window differs.
    expect(changed.record.oos.barReturns.subarray(keptBars)).not.toEqual(original.record.oos.barReturns.subarray(keptBars));
  });
});
