import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import {
  probabilityOfBacktestOverfitting,
  probabilityOfBacktestOverfittingFromBlocks,
  type OverfittingMetric,
} from '../../src/research/backtest-overfitting.js';

function noiseTrials(trials: number, bars: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: trials }, () => Float64Array.from({ length: bars }, () => 0.01 * rng.normal()));
}

/** Every `size`-subset of 0..n-1, built by recursion in lexicographic order. */
function subsets(n: number, size: number, start = 0): number[][] {
  if (size === 0) return [[]];
  const result: number[][] = [];
  for (let first = start; first <= n - size; first++) {
    for (const rest of subsets(n, size - 1, first + 1)) result.push([first, ...rest]);
  }
  return result;
}

function naiveMetric(values: number[], metric: OverfittingMetric): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (metric === 'mean') return mean;
  if (values.every((value) => value === values[0])) return 0;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return mean / Math.sqrt(variance);
}

/** scipy.stats.rankdata 'average' of one entry: sort, then give each tied run the mean of its positions. */
function naiveRank(values: number[], index: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const first = sorted.indexOf(values[index]) + 1;
  const last = sorted.lastIndexOf(values[index]) + 1;
  return (first + last) / 2;
}

/**
 * Naive twin: blocks cut from the raw bars by `counts` (after the dropped lead), every split's metrics recomputed
 * from the bars themselves, IS winner by a first-maximum scan, and OLS by the normal equations.
 */
function naiveCscv(returns: ArrayLike<number>[], counts: number[], metric: OverfittingMetric) {
  const used = counts.reduce((a, b) => a + b, 0);
  const bars = returns.map((series) => Array.from(series).slice(series.length - used));
  const starts = counts.map((_, b) => counts.slice(0, b).reduce((a, c) => a + c, 0));
  const pick = (series: number[], blocks: number[]) => blocks.flatMap((b) => series.slice(starts[b], starts[b] + counts[b]));
  const [logits, x, y]: number[][] = [[], [], []];
  for (const inBlocks of subsets(counts.length, counts.length / 2)) {
    const outBlocks = counts.map((_, b) => b).filter((b) => !inBlocks.includes(b));
    const inSample = bars.map((series) => naiveMetric(pick(series, inBlocks), metric));
    const outOfSample = bars.map((series) => naiveMetric(pick(series, outBlocks), metric));
    const best = inSample.indexOf(Math.max(...inSample));
    const w = naiveRank(outOfSample, best) / (returns.length + 1);
    logits.push(Math.log(w / (1 - w)));
    x.push(inSample[best]);
    y.push(outOfSample[best]);
  }
  const n = x.length;
  const [sx, sy] = [x.reduce((a, b) => a + b, 0), y.reduce((a, b) => a + b, 0)];
  const sxx = x.reduce((a, b) => a + b * b, 0);
  const sxy = x.reduce((a, b, i) => a + b * y[i], 0);
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const share = (values: number[], test: (v: number) => boolean) => values.filter(test).length / values.length;
  return { pbo: share(logits, (l) => l <= 0), logits, x, y, loss: share(y, (v) => v < 0), slope, intercept: (sy - slope * sx) / n };
}

describe('probabilityOfBacktestOverfitting', () => {
  it('matches a 3-trial, 4-block matrix worked by hand (leading bar of 9 dropped, metric mean)', () => {
    // Bar 0 is dropped (9 mod 4 = 1); blocks are bars 1-2, 3-4, 5-6, 7-8. Block sums:
    //   A [4, 0, 2, -1] (total 5)   B [1, 1, 1, 1] (total 4)   C [0, 3, -1, 2] (total 4)
    // IS blocks | IS sums A B C | winner      | OOS sums A B C | OOS rank of winner   | logit
    //   {0,1}   |  4  2  3      | A (mean 1)    |  1  2  1       | 1.5 (tie A,C)       | ln(1.5/2.5) = ln 0.6
    //   {0,2}   |  6  2 -1      | A (1.5)       | -1  2  5       | 1                   | ln(1/3)
    //   {0,3}   |  3  2  2      | A (0.75)      |  2  2  2       | 2 (three-way tie)   | ln(2/2) = 0
    //   {1,2}   |  2  2  2      | A (tie, 0.5)  |  3  2  2       | 3                   | ln 3
    //   {1,3}   | -1  2  5      | C (1.25)      |  6  2 -1       | 1                   | ln(1/3)
    //   {2,3}   |  1  2  1      | B (0.5)       |  4  2  3       | 1                   | ln(1/3)
    // PBO = 5/6 (all but {1,2}); OOS means of the winner 0.25, -0.25, 0.5, 0.75, -0.25, 0.5 -> loss = 2/6.
    // OLS of y = OOS on x = IS = [1, 1.5, 0.75, 0.5, 1.25, 0.5]: mean x 11/12, mean y 1/4, Sxy = -39/48,
    // Sxx = 120/144 -> slope = -39/40, intercept = 1/4 + (39/40)(11/12) = 549/480.
    const returns = [
      [1000, 3, 1, 0, 0, 1, 1, -1, 0],
      [-1000, 1, 0, 0, 1, 1, 0, 0, 1],
      [500, 0, 0, 2, 1, -1, 0, 1, 1],
    ];
    const result = probabilityOfBacktestOverfitting({ returns, partitions: 4, metric: 'mean' });
    const expected = [Math.log(0.6), -Math.log(3), 0, Math.log(3), -Math.log(3), -Math.log(3)];
    expected.forEach((logit, split) => expect(result.logits[split]).toBeCloseTo(logit, 12));
    expect(result).toMatchObject({ pbo: 5 / 6, probabilityOfLoss: 2 / 6, splits: 6, trials: 3, observations: 8 });
    expect(result.degradation.slope).toBeCloseTo(-39 / 40, 12);
    expect(result.degradation.intercept).toBeCloseTo(549 / 480, 12);
    expect(Array.from(result.inSampleOfBest)).toEqual([1, 1.5, 0.75, 0.5, 1.25, 0.5]);
    expect(Array.from(result.outOfSampleOfBest)).toEqual([0.25, -0.25, 0.5, 0.75, -0.25, 0.5]);
  });

  it('lists logits in lexicographic order of the IS blocks, {0,1,2} first and {3,4,5} last', () => {
    // A = [6,5,4,3,2,1] (total 21), B = 5 per bar (IS sum 15). Only IS {0,1,2} gives A an IS sum of 15 (a tie, so
    // A wins as the lower index) and A is then worst OOS (6 < 15): ln(1/2). Elsewhere B wins IS and is best OOS
    // (15 > 21 - IS_A) -> ln 2, except IS {3,4,5} where A's OOS sum is 15 too: a tie, rank 1.5, logit 0.
    const result = probabilityOfBacktestOverfitting({ returns: [[6, 5, 4, 3, 2, 1], [5, 5, 5, 5, 5, 5]], partitions: 6, metric: 'mean' });
    expect(Array.from(result.logits)).toEqual([-Math.LN2, ...new Array(18).fill(Math.LN2), 0]);
    expect(result.pbo).toBe(2 / 20);
  });

  it('gives PBO = 1 and logit ln(1/N) on every split when all trials share one total (metric mean)', () => {
    // OOS sum = total - IS sum with the same total for all, so the IS winner is the OOS loser: rank 1 of N.
    const rng = createRng(7);
    const returns = Array.from({ length: 8 }, () => {
      const bars = Array.from({ length: 48 }, () => rng.int(2_000_001) - 1_000_000);
      bars[47] -= bars.reduce((a, b) => a + b, 0);
      return bars;
    });
    const result = probabilityOfBacktestOverfitting({ returns, partitions: 6, metric: 'mean' });
    expect(result.pbo).toBe(1);
    for (const logit of result.logits) expect(logit).toBeCloseTo(-Math.log(8), 12);
    expect(result.degradation.slope).toBeCloseTo(-1, 12); // OOS mean = -IS mean exactly (equal halves)
    expect(result.degradation.intercept).toBeCloseTo(0, 9);
  });

  it.each(['mean', 'sharpe'] as const)('gives PBO = 0 and logit ln N when the last trial dominates every block (%s)', (metric) => {
    // Every trial is a shared noise path plus its own drift, so all have the same dispersion in any block set and
    // the largest drift (the last trial) ranks first IS and OOS: rank N of N, logit ln(N / 1).
    const common = noiseTrials(1, 320, 11)[0];
    const drifts = [0.002, -0.001, 0.004, 0.001, 0.05];
    const returns = drifts.map((drift) => common.map((value) => value + drift));
    const result = probabilityOfBacktestOverfitting({ returns, partitions: 8, metric });
    expect(result.pbo).toBe(0);
    expect(result.probabilityOfLoss).toBe(0);
    for (const logit of result.logits) expect(logit).toBeCloseTo(Math.log(5), 12);
  });

  it('gives a block set whose returns never vary a Sharpe of 0, not mean / (rounding noise)', () => {
    // Trial 0 is 0.01 on every bar (3-bar blocks, where sum of squares - sum^2/n rounds to a tiny positive residue).
    // Trial 1 repeats 0.011, 0.009, 0.010: over 6 bars mean 0.01, sample variance 4e-6 / 5, Sharpe 0.01 / sqrt(8e-7)
    // = 5 sqrt(5) in every half, so it wins IS and OOS everywhere; trial 0 must not win with 0.01 / sqrt(residue).
    const returns = [new Array(12).fill(0.01), new Array(4).fill([0.011, 0.009, 0.01]).flat()];
    const result = probabilityOfBacktestOverfitting({ returns, partitions: 4 });
    expect(result.pbo).toBe(0);
    for (const logit of result.logits) expect(logit).toBeCloseTo(Math.log(2), 12);
    for (const sharpe of result.inSampleOfBest) expect(sharpe).toBeCloseTo(5 * Math.sqrt(5), 9);
  });

  it('drops only the leading T mod S bars: prepending fewer than S bars to a multiple of S changes nothing', () => {
    const returns = noiseTrials(6, 120, 3);
    const padded = returns.map((series, n) => [n * 1000, -5, ...series]);
    expect(probabilityOfBacktestOverfitting({ returns: padded, partitions: 8 })).toEqual(
      probabilityOfBacktestOverfitting({ returns, partitions: 8 }),
    );
  });

  const shapes = [
    { trials: 5, bars: 23, partitions: 4 },
    { trials: 7, bars: 61, partitions: 6 },
    { trials: 4, bars: 45, partitions: 8 },
  ];
  describe.each(shapes)('agrees with the naive twin on random matrices ($trials trials, $bars bars, S = $partitions)', (shape) => {
    it.each([1, 2, 3])('sharpe, seed %d, with a duplicated trial and a flat trial (ties)', (seed) => {
      const returns: ArrayLike<number>[] = noiseTrials(shape.trials, shape.bars, seed);
      returns.push(returns[1], new Float64Array(shape.bars));
      expectTwinAgreement(returns, shape.partitions, 'sharpe');
    });
    it.each([1, 2, 3])('mean, seed %d, small integers (many ties)', (seed) => {
      const rng = createRng(seed);
      const returns = Array.from({ length: shape.trials }, () => Array.from({ length: shape.bars }, () => rng.int(5) - 2));
      expectTwinAgreement(returns, shape.partitions, 'mean');
    });
  });

  function expectTwinAgreement(returns: ArrayLike<number>[], partitions: number, metric: OverfittingMetric): void {
    const result = probabilityOfBacktestOverfitting({ returns: returns as number[][], partitions, metric });
    const size = Math.floor(returns[0].length / partitions);
    const twin = naiveCscv(returns, new Array(partitions).fill(size), metric);
    expect(result.logits.length).toBe(twin.logits.length);
    twin.logits.forEach((logit, split) => expect(result.logits[split]).toBeCloseTo(logit, 12));
    twin.x.forEach((value, split) => expect(result.inSampleOfBest[split]).toBeCloseTo(value, 10));
    twin.y.forEach((value, split) => expect(result.outOfSampleOfBest[split]).toBeCloseTo(value, 10));
    expect(result.pbo).toBe(twin.pbo);
    expect(result.probabilityOfLoss).toBe(twin.loss);
    expect(result.degradation.slope).toBeCloseTo(twin.slope, 8);
    expect(result.degradation.intercept).toBeCloseTo(twin.intercept, 8);
  }

  it('is near 0.5 on pure noise (iid normal trials, averaged over 20 matrices)', () => {
    // The IS winner of pure noise has a uniform OOS rank, so half the logits are <= 0 on average (N even). One
    // matrix's PBO is noisy (its splits share the data, sd about 0.17), so average 20 seeds: sd about 0.04.
    const seeds = Array.from({ length: 20 }, (_, i) => 100 + i);
    const pbos = seeds.map((seed) => probabilityOfBacktestOverfitting({ returns: noiseTrials(20, 400, seed), partitions: 8 }).pbo);
    const average = pbos.reduce((a, b) => a + b, 0) / pbos.length;
    expect(average).toBeGreaterThan(0.35);
    expect(average).toBeLessThan(0.65);
  });

  it('counts C(16, 8) = 12,870 splits with the default 16 partitions', () => {
    const result = probabilityOfBacktestOverfitting({ returns: noiseTrials(3, 165, 5) });
    expect(result).toMatchObject({ splits: 12_870, trials: 3, observations: 160 });
  });

  it.each([
    [{ returns: [[1, 2, 3, 4]] }, /at least 2 trials/],
    [{ returns: [[1, 2, 3, 4], [1, 2, 3]] }, /returns\[1\] has 3 bars but returns\[0\] has 4/],
    [{ returns: [[1, 2, 3, 4], [1, 2, 3, 4]], partitions: 3 }, /partitions must be an even integer >= 2/],
    [{ returns: [[1, 2, 3, 4], [1, 2, 3, 4]], partitions: 0 }, /partitions must be an even integer >= 2/],
    [{ returns: [[1, 2, 3, 4], [1, 2, 3, 4]], partitions: 2.5 }, /partitions must be an even integer >= 2/],
    [{ returns: [[1, 2, 3, 4], [1, 2, 3, 4]], partitions: 6 }, /4 bars cannot be cut into 6 partitions/],
    [{ returns: [[1, 2, 3, 4], [1, NaN, 3, 4]], partitions: 2 }, /returns\[1\]\[1\] is NaN: returns must be finite/],
    [{ returns: [[1, 2, 3, 4, 5], [Infinity, 1, 2, 3, 4]], partitions: 2 }, /returns\[1\]\[0\] is Infinity/],
    [{ returns: [[1, 2, 3, 4], [1, 2, 3, 4]], partitions: 2, metric: 'median' }, /metric must be 'sharpe' or 'mean'/],
  ])('rejects bad input with a message that says what to fix (%#)', (input, message) => {
    expect(() => probabilityOfBacktestOverfitting(input as never)).toThrow(RangeError);
    expect(() => probabilityOfBacktestOverfitting(input as never)).toThrow(message);
  });
});

describe('probabilityOfBacktestOverfittingFromBlocks', () => {
  it('agrees with the naive twin on blocks of unequal size (what workers may accumulate)', () => {
    const returns = noiseTrials(6, 30, 21);
    const counts = [3, 9, 4, 6, 2, 6];
    const blockSums = new Float64Array(6 * 6);
    const blockSquares = new Float64Array(6 * 6);
    returns.forEach((series, n) => {
      let bar = 0;
      counts.forEach((count, block) => {
        for (const end = bar + count; bar < end; bar++) {
          blockSums[n * 6 + block] += series[bar];
          blockSquares[n * 6 + block] += series[bar] ** 2;
        }
      });
    });
    const result = probabilityOfBacktestOverfittingFromBlocks({ blockSums, blockSquares, blockCounts: counts });
    const twin = naiveCscv(returns, counts, 'sharpe');
    twin.logits.forEach((logit, split) => expect(result.logits[split]).toBeCloseTo(logit, 12));
    expect(result).toMatchObject({ pbo: twin.pbo, probabilityOfLoss: twin.loss, observations: 30, splits: 20 });
  });

  it.each([
    [{ blockSums: new Float64Array(6), blockSquares: new Float64Array(6), blockCounts: [1, 1, 1, 1] }, /4 values per trial/],
    [{ blockSums: new Float64Array(8), blockCounts: [1, 1, 1, 1] }, /needs blockSquares/],
    [{ blockSums: new Float64Array(8), blockSquares: new Float64Array(8), blockCounts: [1, 0, 1, 1] }, /blockCounts\[1\]/],
    [{ blockSums: Float64Array.of(0, 0, 0, 0, 0, NaN, 0, 0), blockSquares: new Float64Array(8), blockCounts: [2, 2, 2, 2] }, /trial 1 block 1/],
  ])('rejects inconsistent blocks (%#)', (input, message) => {
    expect(() => probabilityOfBacktestOverfittingFromBlocks(input)).toThrow(message);
  });
});
