import { describe, expect, it } from 'vitest';
import { perturbationPlan, stabilityScore } from '../../src/research/stability-score.js';

describe('perturbationPlan', () => {
  it('scales each numeric parameter by 0.9, 1.1, 0.8 and 1.2, keeping the others', () => {
    const plan = perturbationPlan({ stop: 1.5, source: 'close', period: 20 }, ['stop'], undefined, { integerKeys: [] });
    expect(plan.map((entry) => [entry.factor, entry.params.stop])).toEqual([
      [0.9, 1.5 * 0.9],
      [1.1, 1.5 * 1.1],
      [0.8, 1.5 * 0.8],
      [1.2, 1.5 * 1.2],
    ]);
    for (const entry of plan) expect(entry.params).toMatchObject({ source: 'close', period: 20 });
  });

  it('rounds integer parameters, skipping values equal to the base or already listed', () => {
    const plan = perturbationPlan({ period: 5 }, ['period']);
    // 4.5 -> 5 (base, skipped), 5.5 -> 6, 4, 6 (duplicate, skipped)
    expect(plan.map((entry) => [entry.factor, entry.params.period])).toEqual([
      [1.1, 6],
      [0.8, 4],
    ]);
    expect(perturbationPlan({ period: 2 }, ['period']).map((entry) => entry.params.period)).toEqual([]);
    expect(perturbationPlan({ period: 20 }, ['period']).map((entry) => entry.params.period)).toEqual([18, 22, 16, 24]);
  });

  it('treats a parameter as float when told, even with an integer value', () => {
    const plan = perturbationPlan({ multiplier: 2 }, ['multiplier'], [0.9, 1.1], { integerKeys: [] });
    expect(plan.map((entry) => entry.params.multiplier)).toEqual([1.8, 2.2]);
  });

  it('rejects a key that is not a number', () => {
    expect(() => perturbationPlan({ source: 'close' }, ['source'])).toThrow(/"source" must be a finite number/);
    expect(() => perturbationPlan({ period: 5 }, ['missing'])).toThrow(/"missing"/);
  });
});

describe('stabilityScore', () => {
  it('scores a plateau near 1 and reports no cliff', () => {
    const result = stabilityScore(2, [
      { param: 'period', factor: 0.9, metric: 1.9 },
      { param: 'period', factor: 1.1, metric: 2.1 },
      { param: 'stop', factor: 0.8, metric: 1.8 },
    ]);
    expect(result.score).toBeCloseTo(0.9, 12);
    expect(result.worstDrop).toBeCloseTo(0.1, 12);
    expect(result.cliffs).toEqual([]);
  });

  it('flags parameters whose perturbation drops the metric by more than half as cliffs', () => {
    const result = stabilityScore(2, [
      { param: 'period', factor: 0.9, metric: 0.5 },
      { param: 'period', factor: 1.1, metric: 0.2 },
      { param: 'stop', factor: 1.2, metric: 1.2 },
      { param: 'band', factor: 0.8, metric: -1 },
    ]);
    expect(result.cliffs).toEqual(['period', 'band']);
    expect(result.worstDrop).toBeCloseTo(1.5, 12);
    expect(result.score).toBe(0);
    expect(stabilityScore(2, [{ param: 'stop', factor: 1.2, metric: 1.2 }], { cliffThreshold: 0.3 }).cliffs).toEqual(['stop']);
  });

  it('counts a neighbour without a metric (no trades) as a total drop', () => {
    const result = stabilityScore(1.5, [{ param: 'period', factor: 1.2, metric: Number.NaN }]);
    expect(result).toMatchObject({ score: 0, worstDrop: 1, cliffs: ['period'] });
  });

  it('gives no score when there is no neighbour to test', () => {
    expect(stabilityScore(1, [])).toMatchObject({ score: null, worstDrop: 0, cliffs: [] });
  });

  it('measures the drop relative to the size of a negative base', () => {
    const result = stabilityScore(-1, [{ param: 'period', factor: 0.9, metric: -1.25 }]);
    expect(result.worstDrop).toBeCloseTo(0.25, 12);
  });
});
