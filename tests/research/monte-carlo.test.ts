import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { monteCarloTrades } from '../../src/research/monte-carlo.js';

function normalReturns(count: number, average: number, deviation: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = average + deviation * rng.normal();
  return out;
}

describe('monteCarloTrades', () => {
  it.each(['stationary', 'circular'] as const)(
    'gives roughly uniform p-values on pure-noise trades (%s blocks)',
    (method) => {
      const pValues: number[] = [];
      for (let series = 0; series < 200; series++) {
        const returns = normalReturns(60, 0, 0.01, 1000 + series);
        const result = monteCarloTrades(returns, { sims: 400, blockSize: 4, seed: series, method });
        pValues.push(result.pValue as number);
      }
      const belowFivePercent = pValues.filter((p) => p < 0.05).length / pValues.length;
      expect(belowFivePercent).toBeGreaterThanOrEqual(0.01);
      expect(belowFivePercent).toBeLessThanOrEqual(0.12);
      // Each decile holds about 20 of the 200 p-values; allow wide sampling noise.
      const deciles = new Array(10).fill(0);
      for (const p of pValues) deciles[Math.min(9, Math.floor(p * 10))]++;
      for (const count of deciles) expect(count).toBeGreaterThanOrEqual(6);
      for (const count of deciles) expect(count).toBeLessThanOrEqual(38);
    },
  );

  it('finds a strong edge significant: mean 0.5%, sd 1%, 100 trades gives p < 0.01', () => {
    const result = monteCarloTrades(normalReturns(100, 0.005, 0.01, 42), { sims: 2000, blockSize: 5, seed: 1 });
    expect(result.underpowered).toBe(false);
    expect(result.pValue).toBeLessThan(0.01);
    expect(result.pValue).toBeGreaterThanOrEqual(1 / 2001);
    expect(result.finalReturn!.p5).toBeGreaterThan(0);
  });

  it('flags fewer than minTrades trades as underpowered, without a p-value but with bands', () => {
    const result = monteCarloTrades(normalReturns(20, 0.002, 0.01, 3), { sims: 200, blockSize: 3, seed: 9 });
    expect(result.underpowered).toBe(true);
    expect(result.pValue).toBeNull();
    expect(result.finalReturn).not.toBeNull();
    expect(result.maxDrawdown!.p95).toBeGreaterThanOrEqual(result.maxDrawdown!.p5);
  });

  it('returns null bands and no p-value without any trade', () => {
    const result = monteCarloTrades(new Float64Array(0), { sims: 100, blockSize: 3, seed: 1 });
    expect(result).toMatchObject({ trades: 0, underpowered: true, pValue: null, finalReturn: null, maxDrawdown: null });
  });

  it('is reproducible with a seed and changes with another seed', () => {
    const returns = normalReturns(80, 0.001, 0.01, 5);
    const options = { sims: 300, blockSize: 4, seed: 'BTCUSDT-5m' };
    expect(monteCarloTrades(returns, options)).toEqual(monteCarloTrades(returns, options));
    expect(monteCarloTrades(returns, { ...options, seed: 'ETHUSDT-5m' }).finalReturn).not.toEqual(
      monteCarloTrades(returns, options).finalReturn,
    );
  });

  it('computes bands from the raw returns: a constant +1% trade compounds to 1.01^n - 1 with no drawdown', () => {
    const returns = new Float64Array(40).fill(0.01);
    const result = monteCarloTrades(returns, { sims: 50, blockSize: 5, seed: 2 });
    const compounded = 1.01 ** 40 - 1;
    expect(result.finalReturn!.p5).toBeCloseTo(compounded, 12);
    expect(result.finalReturn!.p95).toBeCloseTo(compounded, 12);
    expect(result.maxDrawdown).toEqual({ p5: 0, p50: 0, p95: 0 });
    expect(result.pValue).toBeCloseTo(1 / 51, 15);
  });

  it('measures drawdown on compounded equity: one -50% trade among flat ones is a 50% drawdown', () => {
    const returns = new Float64Array(30);
    returns[10] = -0.5;
    const result = monteCarloTrades(returns, { sims: 500, blockSize: 1, seed: 4 });
    // k draws of the losing trade leave a drawdown of 1 - 0.5^k; about 37% of resamples draw it exactly once.
    expect(result.maxDrawdown!.p50).toBeCloseTo(0.5, 12);
    expect([0.75, 0.875, 0.9375]).toContain(result.maxDrawdown!.p95);
  });

  it.each([
    [{ sims: 0, blockSize: 2, seed: 1 }, /sims must be an integer >= 1/],
    [{ sims: 10, blockSize: 0, seed: 1 }, /blockSize must be an integer >= 1/],
    [{ sims: 10, blockSize: 2, seed: 1, minTrades: 1 }, /minTrades/],
  ])('rejects invalid options %o', (options, message) => {
    expect(() => monteCarloTrades(new Float64Array(40), options)).toThrow(message);
  });

  it('rejects non-finite trade returns and says which one', () => {
    const returns = new Float64Array(40);
    returns[7] = Number.NaN;
    expect(() => monteCarloTrades(returns, { sims: 10, blockSize: 2, seed: 1 })).toThrow(/trade return 7 is NaN/);
  });
});
