import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { kurtosis, mean, returnMoments, sharpeRatio, skewness, standardDeviation, variance } from '../../src/research/moments.js';

describe('return moments', () => {
  it('computes mean, sample std (n - 1), skewness and raw kurtosis of a small hand-checked series', () => {
    const values = [1, 2, 3, 4, 10];
    // mean 4; deviations -3,-2,-1,0,6; m2 = 50/5 = 10; m3 = (-27-8-1+0+216)/5 = 36; m4 = (81+16+1+0+1296)/5 = 278.8
    expect(mean(values)).toBe(4);
    expect(variance(values)).toBe(12.5);
    expect(standardDeviation(values)).toBeCloseTo(Math.sqrt(12.5), 15);
    expect(skewness(values)).toBeCloseTo(36 / 10 ** 1.5, 14);
    expect(kurtosis(values)).toBeCloseTo(278.8 / 100, 14);
  });

  it('accepts Float64Array and number[] alike', () => {
    const values = [0.01, -0.02, 0.005, 0.03];
    expect(returnMoments(Float64Array.from(values))).toEqual(returnMoments(values));
  });

  it('gives skewness near 0 and RAW kurtosis near 3 for normal returns', () => {
    const rng = createRng(7);
    const values = new Float64Array(200_000);
    for (let i = 0; i < values.length; i++) values[i] = 0.001 + 0.01 * rng.normal();
    expect(skewness(values)).toBeCloseTo(0, 1);
    expect(kurtosis(values)).toBeCloseTo(3, 1);
    expect(sharpeRatio(values)).toBeCloseTo(0.1, 1);
  });

  it('reports a per-period Sharpe of mean / sample std', () => {
    const values = [0.01, 0.02, 0.03];
    expect(sharpeRatio(values)).toBeCloseTo(0.02 / 0.01, 12);
  });

  it('returns NaN Sharpe for too few or constant returns, and neutral shape moments for a constant series', () => {
    expect(sharpeRatio([0.01])).toBeNaN();
    expect(sharpeRatio([0.01, 0.01, 0.01])).toBeNaN();
    expect(skewness([2, 2, 2])).toBe(0);
    expect(kurtosis([2, 2, 2])).toBe(3);
    expect(mean([])).toBeNaN();
  });
});
