import { describe, expect, it } from 'vitest';
import { randomWalk } from '../helpers/random-walk.js';
import { evaluatePlan, planStrategy, scorePlan, STRATEGY_IDS } from '../../src/strategies/index.js';
import { nonEmptyCases } from '../helpers/case-table.js';

const walk = (n: number, seed: number) => randomWalk(n, seed, { stepMs: 300_000, volumeSpread: 1 });

describe('scorePlan', () => {
  it.each(nonEmptyCases('strategy ids', STRATEGY_IDS))('%s: ranks on exactly the Sharpe, net return and trades evaluatePlan reports', (id) => {
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
