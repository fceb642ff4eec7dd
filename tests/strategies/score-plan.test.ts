import { describe, expect, it } from 'vitest';
import { allocateCandles, createRng, type Candles } from '../../src/core/index.js';
import { evaluatePlan, planStrategy, scorePlan, STRATEGY_IDS } from '../../src/strategies/index.js';

function walk(n: number, seed: number): Candles {
  const candles = allocateCandles(n);
  const rng = createRng(seed);
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = open * (1 + 0.01 * rng.normal());
    candles.timestamp[i] = 1_700_000_000_000 + i * 300_000;
    candles.open[i] = open;
    candles.close[i] = close;
    candles.high[i] = Math.max(open, close) * (1 + 0.004 * rng.next());
    candles.low[i] = Math.min(open, close) * (1 - 0.004 * rng.next());
    candles.volume[i] = 1 + rng.next();
    price = close;
  }
  return candles;
}

describe('scorePlan', () => {
  it.each(STRATEGY_IDS)('%s: ranks on exactly the Sharpe, net return and trades evaluatePlan reports', (id) => {
    const candles = walk(4_000, 11);
    const plan = planStrategy(candles, id, {}, { timeframe: '5m' });
    const options = { timeframe: '5m' as const, fees: { taker: 0.0005, maker: 0.0002, slippage: 0.0002 } };
    for (const range of [{ start: 0, end: 4_000 }, { start: 1_000, end: 2_500 }, { start: 3_990, end: 4_000 }]) {
      const { metrics } = evaluatePlan(candles, plan, options, range);
      const score = scorePlan(candles, plan, options, range);
      expect([score.sharpe, score.netReturn, score.trades]).toEqual([metrics.sharpe, metrics.netReturn, metrics.trades]);
      expect(score.returnCount).toBe(range.end - range.start - 1);
    }
  });
});
