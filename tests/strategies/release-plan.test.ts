import { describe, expect, it } from 'vitest';
import { randomWalk } from '../helpers/random-walk.js';
import { planStrategy, releasePlan, STRATEGY_IDS, type StrategyPlan } from '../../src/strategies/index.js';
import { nonEmptyCases } from '../helpers/case-table.js';

const walk = (n: number, seed: number) => randomWalk(n, seed, { volumeSpread: 1 });

/** Plain copies of every array of a plan, keyed by name. */
function snapshot(plan: StrategyPlan): Record<string, number[]> {
  const arrays = plan.family === 'mono' ? plan.signals : plan.levels;
  return Object.fromEntries(Object.entries(arrays).filter(([, v]) => ArrayBuffer.isView(v)).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]));
}

describe('releasePlan', () => {
  it.each(nonEmptyCases('strategy ids', STRATEGY_IDS))('%s: a plan built on recycled arrays equals one built on fresh arrays', (id) => {
    const candles = walk(3_000, 1);
    const other = walk(3_000, 2);
    const fresh = snapshot(planStrategy(candles, id, {}, { timeframe: '1m' }));
    releasePlan(planStrategy(other, id, {}, { timeframe: '1m' }));
    const recycled = planStrategy(candles, id, {}, { timeframe: '1m' });
    expect(snapshot(recycled)).toEqual(fresh);
    releasePlan(recycled);
  });

  it('never recycles indicator arrays a plan shares with the cache', () => {
    const candles = walk(3_000, 3);
    const plan = planStrategy(candles, 'envelope_dca', {}, { timeframe: '1m' });
    if (plan.family !== 'grid') throw new Error('envelope_dca is a grid strategy');
    const takeProfit = Array.from(plan.levels.takeProfit ?? []);
    releasePlan(plan);
    planStrategy(walk(3_000, 4), 'envelope_dca', {}, { timeframe: '1m' });
    expect(Array.from(plan.levels.takeProfit ?? [])).toEqual(takeProfit);
  });
});
