import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { randomWalk } from '../helpers/random-walk.js';
import { runMonoKernel, type MonoKernelOptions, type Signals } from '../../src/engine/index.js';
import { expectAgreement } from './_kernel-agreement.js';
import { referenceMono } from './_reference-mono.js';

// Long runs of quiet bars (sparse signals, no trailing stop or dynamic levels) are where the kernel skips ahead;
// the naive per-bar reference (_reference-mono.ts) walks every bar.
const walk = (n: number, seed: number) => randomWalk(n, seed, { gapChance: 0.05 });

function sparseSignals(n: number, seed: number): Signals {
  const rng = createRng(seed);
  const pick = () => Uint8Array.from({ length: n }, () => (rng.next() < 0.02 ? 1 : 0));
  return { enterLong: pick(), exitLong: pick(), enterShort: pick(), exitShort: pick() };
}

describe('mono kernel quiet-bar skipping', () => {
  it.each<[string, MonoKernelOptions]>([
    ['no stops', {}],
    ['pct stop and take-profit', { stopLossPct: 0.01, takeProfitPct: 0.015 }],
    ['stop only, ignoring opposite entries', { stopLossPct: 0.02, oppositeEntry: 'ignore' }],
    ['take-profit only, late start, fees and slippage', { takeProfitPct: 0.01, startIndex: 300, fees: { taker: 0.0005, maker: 0.0002, slippage: 0.0003 } }],
    ['colour intrabar policy with risk sizing', { stopLossPct: 0.01, takeProfitPct: 0.01, intrabar: 'color', sizing: { mode: 'risk', riskFraction: 0.01 } }],
  ])('gives the same trades, equity and counters as the per-bar reference (%s)', (label, options) => {
    for (const seed of [1, 2, 3]) {
      const candles = walk(2_000, seed);
      const signals = sparseSignals(2_000, seed + 100);
      const expected = referenceMono(candles, signals, options);
      expect(expected.trades.length).toBeGreaterThan(5);
      expectAgreement(`${label}, seed ${seed}`, runMonoKernel(candles, signals, options), expected);
    }
  });

  it('keeps level stops given by the signal bar while skipping', () => {
    const candles = walk(2_000, 9);
    const signals = sparseSignals(2_000, 19);
    const stopLong = Float64Array.from(candles.close, (c) => c * 0.99);
    const stopShort = Float64Array.from(candles.close, (c) => c * 1.01);
    const withLevels = { ...signals, stopLong, stopShort };
    const expected = referenceMono(candles, withLevels);
    expect(expected.trades.some((trade) => trade.exitReason === 'stopLoss')).toBe(true);
    expectAgreement('level stops', runMonoKernel(candles, withLevels), expected);
  });

  it('treats any non-zero signal byte as on', () => {
    const candles = walk(2_000, 5);
    const ones = sparseSignals(2_000, 15);
    const scaled = Object.fromEntries(Object.entries(ones).map(([key, values], i) => [key, (values as Uint8Array).map((v) => v * [2, 7, 128, 255][i])])) as Signals;
    const expected = runMonoKernel(candles, ones, { stopLossPct: 0.01 });
    const actual = runMonoKernel(candles, scaled, { stopLossPct: 0.01 });
    expect(actual.trades.count).toBeGreaterThan(5);
    expect(Array.from(actual.equity)).toEqual(Array.from(expected.equity));
  });
});
