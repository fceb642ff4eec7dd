import { describe, expect, it } from 'vitest';
import { minBacktestLength } from '../../src/research/min-backtest-length.js';

describe('minBacktestLength', () => {
  it('reproduces the paper: 45 trials need about 5 years for an annualised Sharpe of 1 (4.998)', () => {
    // Bailey, Borwein, Lopez de Prado & Zhu (2014): "if only 5 years of data are available, no more than 45
    // independent model configurations should be tried".
    expect(minBacktestLength({ trials: 45, sharpe: 1 })).toBeCloseTo(4.998, 3);
  });

  it('gives gamma^2 invPhi(1 - 1/(2e))^2 / SR^2 for 2 trials, since invPhi(1/2) = 0', () => {
    // invPhi(1 - 1/(2e)) = invPhi(0.8160603) = 0.9004526 (scipy.stats.norm.ppf); with gamma = 0.5772157 and
    // SR = 0.5: (0.5772157 x 0.9004526)^2 / 0.25 = 1.0805825 years.
    expect(minBacktestLength({ trials: 2, sharpe: 0.5 })).toBeCloseTo(1.0805825, 6);
  });

  it('is the squared expected maximum of 10 unit normals (1.5746, Bailey & Lopez de Prado 2014) over SR^2', () => {
    expect(minBacktestLength({ trials: 10, sharpe: 1 })).toBeCloseTo(1.5746 ** 2, 3);
    expect(minBacktestLength({ trials: 10, sharpe: 2 })).toBeCloseTo(1.5746 ** 2 / 4, 3);
  });

  it('is 0 for a single trial: nothing was selected', () => {
    expect(minBacktestLength({ trials: 1, sharpe: 1 })).toBe(0);
  });

  it('grows with the number of trials', () => {
    const lengths = [1, 2, 5, 10, 45, 100, 1000, 1e6].map((trials) => minBacktestLength({ trials, sharpe: 1 }));
    for (let i = 1; i < lengths.length; i++) expect(lengths[i]).toBeGreaterThan(lengths[i - 1]);
  });

  it.each([
    [{ trials: 0, sharpe: 1 }, /trials must be an integer >= 1/],
    [{ trials: 2.5, sharpe: 1 }, /trials must be an integer >= 1/],
    [{ trials: Number.NaN, sharpe: 1 }, /trials must be an integer >= 1/],
    [{ trials: 10, sharpe: 0 }, /sharpe must be a finite annualised Sharpe ratio > 0/],
    [{ trials: 10, sharpe: -1 }, /sharpe must be a finite annualised Sharpe ratio > 0/],
    [{ trials: 10, sharpe: Number.POSITIVE_INFINITY }, /sharpe must be a finite/],
  ])('rejects %o', (input, message) => {
    expect(() => minBacktestLength(input)).toThrow(RangeError);
    expect(() => minBacktestLength(input)).toThrow(message);
  });
});
