import { describe, expect, it } from 'vitest';
import { classifyRegime, RegimeConfigSchema, regimeStats } from '../../src/research/regimes.js';

describe('classifyRegime', () => {
  it.each([
    ['a steady rise of 10%', [100, 102, 104, 106, 108, 110], 'bull'],
    ['a steady fall of 10%', [100, 98, 96, 94, 92, 90], 'bear'],
    ['a flat, choppy market', [100, 101, 99, 100.5, 99.5, 101], 'range'],
    ['a 30% collapse that recovers to +5%', [100, 90, 70, 80, 95, 105], 'crash'],
    ['a 20% fall (beyond the crash return)', [100, 95, 90, 85, 80], 'crash'],
    ['a rise just inside the trend threshold', [100, 102, 104.9], 'range'],
  ])('calls %s "%s"', (_label, closes, regime) => {
    expect(classifyRegime(Float64Array.from(closes))).toBe(regime);
  });

  it.each([
    [{ return: 0.2, maxDrawdown: 0.25, volatility: 0.01 }, 'crash'],
    [{ return: -0.16, maxDrawdown: 0.16, volatility: 0.01 }, 'crash'],
    [{ return: 0.06, maxDrawdown: 0.02, volatility: 0.01 }, 'bull'],
    [{ return: -0.06, maxDrawdown: 0.08, volatility: 0.01 }, 'bear'],
    [{ return: 0.01, maxDrawdown: 0.03, volatility: 0.01 }, 'range'],
  ] as const)('classifies precomputed stats %o as %s', (stats, regime) => {
    expect(classifyRegime(stats)).toBe(regime);
  });

  it('follows configured thresholds', () => {
    const sensitive = RegimeConfigSchema.parse({ trendReturn: 0.01 });
    expect(classifyRegime([100, 101, 102], sensitive)).toBe('bull');
    expect(classifyRegime([100, 101, 102])).toBe('range');
  });

  it('rejects inconsistent thresholds with the key path', () => {
    const result = RegimeConfigSchema.safeParse({ crashReturn: -0.02, trendReturn: 0.05 });
    expect(result.error?.issues[0].path).toEqual(['crashReturn']);
  });
});

describe('regimeStats', () => {
  it('measures return, max drawdown and per-bar log-return volatility', () => {
    const stats = regimeStats([100, 120, 90, 110]);
    expect(stats.return).toBeCloseTo(0.1, 12);
    expect(stats.maxDrawdown).toBeCloseTo(0.25, 12);
    const logs = [Math.log(1.2), Math.log(0.75), Math.log(110 / 90)];
    const mean = logs.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
    expect(stats.volatility).toBeCloseTo(sd, 12);
  });

  it('rejects too few or non-positive closes', () => {
    expect(() => regimeStats([100])).toThrow(/at least 2 closes/);
    expect(() => regimeStats([100, 0, 3])).toThrow(/close 1 is 0/);
  });
});
