import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { nearestLevels, nearestScaledLevel, runGridKernel, scaledLevelMatrix } from '../../src/engine/index.js';
import { randomWalk } from '../helpers/random-walk.js';
import { expectAgreement } from './_kernel-agreement.js';
import { referenceGrid } from './_reference-grid.js';

/** Naive twin: the largest (long) / smallest (short) non-NaN level of each bar's row, NaN when none. */
function naiveNearest(levels: Float64Array, levelCount: number, side: 1 | -1): number[] {
  return Array.from({ length: levels.length / levelCount }, (_, t) => {
    const row = Array.from(levels.subarray(t * levelCount, (t + 1) * levelCount)).filter((level) => !Number.isNaN(level));
    return row.length === 0 ? Number.NaN : side > 0 ? Math.max(...row) : Math.min(...row);
  });
}

describe('nearest grid levels', () => {
  it.each([1, 2, 3, 5])('is the nearest non-NaN level of each bar, NaN for an empty row (%i levels)', (levelCount) => {
    const rng = createRng(levelCount);
    const levels = Float64Array.from({ length: 200 * levelCount }, () => (rng.next() < 0.3 ? Number.NaN : 100 + 10 * rng.normal()));
    for (const side of [1, -1] as const) expect(Array.from(nearestLevels(levels, levelCount, side))).toEqual(naiveNearest(levels, levelCount, side));
  });

  it('finds the nearest scaled level as the naive scan of the matrix it stands for (NaN and negative centres, unordered factors)', () => {
    const rng = createRng(41);
    const center = Float64Array.from({ length: 500 }, () => (rng.next() < 0.1 ? Number.NaN : (rng.next() < 0.1 ? -1 : 1) * 100 * rng.next()));
    for (const factors of [[1], [0.99, 0.97, 0.98], [1.01, 0.995, 1.03, 0.9]]) {
      const matrix = scaledLevelMatrix({ center, factors });
      for (const side of [1, -1] as const) {
        const [high, low] = [Math.max(...factors), Math.min(...factors)];
        const perBar = Array.from(center, (c) => nearestScaledLevel(c, high, low, side));
        expect(perBar, `${side} ${factors}`).toEqual(naiveNearest(matrix, factors.length, side));
      }
    }
  });

  it('gives the kernel the same run whether the plan passes its nearest levels or the kernel computes them', () => {
    const candles = randomWalk(2000, 3, { sigma: 0.006, wick: 0.003, stepMs: 3_600_000 });
    const n = candles.close.length;
    const long = Float64Array.from({ length: n * 3 }, (_, i) => candles.close[Math.floor(i / 3)] * (1 - 0.004 * ((i % 3) + 1)));
    const short = Float64Array.from({ length: n * 3 }, (_, i) => candles.close[Math.floor(i / 3)] * (1 + 0.004 * ((i % 3) + 1)));
    const levels = { levelCount: 3, long, short };
    const options = { startIndex: 5, takeProfitPct: 0.006, stopLossPct: 0.02 };
    const expected = referenceGrid(candles, levels, options);
    expect(expected.trades.length).toBeGreaterThan(20);
    expectAgreement('computed', runGridKernel(candles, levels, options), expected);
    const given = { ...levels, nearestLong: nearestLevels(long, 3, 1), nearestShort: nearestLevels(short, 3, -1) };
    expectAgreement('given', runGridKernel(candles, given, options), expected);
  });
});
