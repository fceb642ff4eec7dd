import { describe, expect, it } from 'vitest';
import type { Candles } from '../../src/core/index.js';
import { randomWalk } from '../helpers/random-walk.js';
import { runGridKernel, type GridKernelOptions, type GridLevels } from '../../src/engine/index.js';
import { expectAgreement } from './_kernel-agreement.js';
import { referenceGrid } from './_reference-grid.js';

// Long runs of bars where no level, stop or take-profit is in reach are where the kernel skips ahead (flat books,
// or one open book); the naive per-bar reference (_reference-grid.ts) walks every bar.
const walk = (n: number, seed: number) => randomWalk(n, seed, { sigma: 0.006, wick: 0.003, stepMs: 3_600_000 });

/** Trailing mean of the last 20 closes (NaN before), and envelope levels 1%, 2%, 3% below / above it. */
function envelopes(candles: Candles, sides: 'long' | 'short' | 'both'): GridLevels {
  const n = candles.close.length;
  const mean = new Float64Array(n).fill(Number.NaN);
  for (let t = 19; t < n; t++) {
    let sum = 0;
    for (let j = t - 19; j <= t; j++) sum += candles.close[j];
    mean[t] = sum / 20;
  }
  const band = (sign: number) => Float64Array.from({ length: n * 3 }, (_, i) => mean[Math.floor(i / 3)] * (1 + sign * 0.01 * ((i % 3) + 1)));
  return { levelCount: 3, long: sides === 'short' ? undefined : band(-1), short: sides === 'long' ? undefined : band(1), takeProfit: mean };
}

describe('grid kernel flat-bar skipping', () => {
  it.each<[string, 'long' | 'short' | 'both', GridKernelOptions]>([
    ['long book', 'long', { startIndex: 20 }],
    ['short book with a stop', 'short', { startIndex: 20, stopLossPct: 0.02 }],
    ['both books, per-level exits, fees', 'both', { startIndex: 20, exitMode: 'perLevel', fees: { maker: 0.0002, taker: 0.0005, slippage: 0.0002 } }],
    ['both books, colour policy, late start', 'both', { startIndex: 400, intrabar: 'color', stopLossPct: 0.03 }],
  ])('gives the same trades and equity as the per-bar reference (%s)', (label, sides, options) => {
    for (const seed of [1, 2]) {
      const candles = walk(3_000, seed);
      const levels = envelopes(candles, sides);
      const expected = referenceGrid(candles, levels, options);
      expect(expected.trades.length).toBeGreaterThan(5);
      expectAgreement(`${label}, seed ${seed}`, runGridKernel(candles, levels, options), expected);
    }
  });
});
