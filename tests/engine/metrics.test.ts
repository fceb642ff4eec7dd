import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { addReturnMoments, barReturns, computeMetrics, TradeBuffers, tradeReturns } from '../../src/engine/index.js';
import { returnMoments } from './_reference-mono.js';

function tradesWith(pnls: number[], holds: number[] = pnls.map(() => 1)): TradeBuffers {
  const trades = new TradeBuffers(1);
  let bar = 0;
  pnls.forEach((pnl, i) => {
    trades.append(1, bar, bar + holds[i], 0, 0, 100, 100, 1, pnl, pnl / 1_000, 0, 0, 0, 1);
    bar += holds[i];
  });
  return trades;
}

const curve = (values: number[]) => Float64Array.from(values);

describe('computeMetrics', () => {
  it('computes profit factor, win rate, expectancy and average hold from trades', () => {
    const metrics = computeMetrics(curve([100, 100, 100, 100, 100, 100, 100, 100]), tradesWith([10, -5, 20, -10], [1, 2, 1, 2]), { barsPerYear: 365 });
    expect(metrics).toMatchObject({ profitFactor: 2, winRate: 0.5, expectancy: 3.75, trades: 4, avgHoldBars: 1.5 });
    expect(metrics.expectancyReturn).toBeCloseTo(0.00375, 12);
    expect(metrics.exposure).toBe(6 / 8);
  });

  it.each([
    ['only winners', [5, 5], Infinity],
    ['only losers', [-5], 0],
    ['no trades', [], 0],
  ])('profit factor with %s is %s', (_name, pnls, expected) => {
    expect(computeMetrics(curve([1, 1]), tradesWith(pnls), { barsPerYear: 1 }).profitFactor).toBe(expected);
  });

  it('measures max drawdown as a fraction of the peak and its duration in underwater bars', () => {
    const metrics = computeMetrics(curve([100, 110, 99, 105, 120, 108, 121]), tradesWith([]), { barsPerYear: 1 });
    expect(metrics.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(metrics.maxDrawdownDuration).toBe(2);
    expect(metrics.netReturn).toBeCloseTo(0.21, 12);
  });

  it('annualises Sharpe and Sortino from per-bar returns (sample std, downside over all bars)', () => {
    const returns = [0.01, -0.02, 0.03, 0];
    const values = [100];
    for (const r of returns) values.push(values[values.length - 1] * (1 + r));
    const metrics = computeMetrics(curve(values), tradesWith([]), { barsPerYear: 252 });
    // mean 0.005, sample std sqrt(3.25e-4 x 4 / 3), downside sqrt(4e-4 / 4) = 0.01.
    expect(metrics.sharpe).toBeCloseTo((0.005 / Math.sqrt((3.25e-4 * 4) / 3)) * Math.sqrt(252), 9);
    expect(metrics.sortino).toBeCloseTo(0.5 * Math.sqrt(252), 9);
    expect(Array.from(barReturns(curve(values)))).toEqual(returns.map((r) => expect.closeTo(r, 12)));
  });

  it('computes CAGR over the timestamp span', () => {
    const year = 365 * 86_400_000;
    const metrics = computeMetrics(curve([100, 110, 121]), tradesWith([]), { barsPerYear: 1, timestamps: Float64Array.from([0, year, 2 * year]) });
    expect(metrics.cagr).toBeCloseTo(0.1, 12);
  });

  it('gives zero Sharpe for a flat curve and passes through kernel counts', () => {
    const metrics = computeMetrics(curve([100, 100, 100]), tradesWith([]), { barsPerYear: 1, ambiguousBars: 3, barsInPosition: 1 });
    expect(metrics).toMatchObject({ sharpe: 0, sortino: 0, ambiguousBars: 3, exposure: 1 / 3, cagr: 0 });
  });

  it('exposes per-trade returns for Monte Carlo', () => {
    expect(Array.from(tradeReturns(tradesWith([10, -20])))).toEqual([0.01, -0.02]);
  });

  it('matches a per-bar reference exactly on curves that are mostly flat (skipped stretches), with zeros, NaN and Infinity', () => {
    let flatBars = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const equity = mostlyFlatCurve(seed);
      const expected = perBarReference(equity);
      const metrics = computeMetrics(equity, tradesWith([]), { barsPerYear: 1 });
      const label = `seed ${seed}: ${Array.from(equity.subarray(0, 12)).join(', ')}...`;
      for (const key of ['sharpe', 'sortino', 'maxDrawdown', 'maxDrawdownDuration'] as const) expect(metrics[key], `${label} ${key}`).toBe(expected[key]);
      const moments = new Float64Array(3);
      addReturnMoments(equity, moments);
      expect(Array.from(moments), label).toEqual([expected.sum, expected.sumSquares, expected.downsideSquares]);
      for (let i = 1; i < equity.length; i++) if (equity[i] === equity[i - 1]) flatBars++;
    }
    expect(flatBars).toBeGreaterThan(40 * 300);
  });
});

/** 600 bars: flat stretches between moves, sometimes starting below the peak, with rare 0, negative, NaN and Infinity values. */
function mostlyFlatCurve(seed: number): Float64Array {
  const rng = createRng(seed);
  const equity = new Float64Array(600);
  let value = 100;
  for (let i = 0; i < equity.length; i++) {
    const u = rng.next();
    if (u < 0.15) value *= 1 + 0.02 * rng.normal();
    else if (u < 0.16) value = [0, Number.NaN, Number.POSITIVE_INFINITY, -5][Math.floor(rng.next() * 4)];
    else if (u < 0.18 && !(value > 0 && value < Infinity)) value = 50 + 100 * rng.next();
    equity[i] = value;
  }
  if (seed % 4 === 0) equity[0] = Number.NaN;
  return equity;
}

/** The statistics as their definitions read, bar by bar (no stretch skipped): sums in bar order, drawdown per bar. */
function perBarReference(equity: Float64Array) {
  const [sum, sumSquares, downsideSquares] = returnMoments(equity);
  let peak = equity[0];
  let maxDrawdown = 0;
  let run = 0;
  let maxDrawdownDuration = 0;
  for (let i = 1; i < equity.length; i++) {
    if (equity[i] >= peak) {
      peak = equity[i];
      run = 0;
    } else {
      run++;
      maxDrawdownDuration = Math.max(maxDrawdownDuration, run);
      const drawdown = peak > 0 ? 1 - equity[i] / peak : 0;
      if (drawdown > maxDrawdown) maxDrawdown = drawdown; // a NaN drawdown never counts
    }
  }
  const count = equity.length - 1;
  const mean = sum / count;
  const std = Math.sqrt(Math.max(0, (sumSquares - count * mean * mean) / (count - 1)));
  const downside = Math.sqrt(downsideSquares / count);
  return {
    sum, sumSquares, downsideSquares, maxDrawdown, maxDrawdownDuration,
    sharpe: std > 1e-15 ? mean / std : 0,
    sortino: downside > 0 ? mean / downside : mean > 0 ? Infinity : 0,
  };
}
