import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/core/index.js';
import { inSampleKeyBounds, rankExactly, rankFast, type SplitRanking } from '../../src/research/_cscv-split-ranking.js';
import { runSplits } from '../../src/research/_cscv-splits.js';

// The split ranking's fast path (keys compared without a division or square root, exact metrics on near ties)
// against its reference, the per-trial metric path (`exactly`), on random block sums full of what breaks keys:
// duplicate trials, trials without a return, near-constant and tiny trials, and trials differing in one ulp.
function randomBlocks(rng: Rng, trials: number, partitions: number, nearConstant = true, equalBlocks = false) {
  const sums = new Float64Array(trials * partitions);
  const squares = new Float64Array(trials * partitions);
  // Equal blocks (what research accumulates) let the IS scan stop early on its bounds; unequal ones do not.
  const counts = Array.from({ length: partitions }, () => (equalBlocks ? 22 : 20 + rng.int(5)));
  for (let n = 0; n < trials; n++) {
    const kind = rng.next();
    if (kind < 0.15 && n > 0) {
      // A copy of an earlier trial (a combo whose parameter never mattered), sometimes one ulp off in one block.
      const source = rng.int(n);
      sums.set(sums.subarray(source * partitions, (source + 1) * partitions), n * partitions);
      squares.set(squares.subarray(source * partitions, (source + 1) * partitions), n * partitions);
      if (rng.next() < 0.3) sums[n * partitions + rng.int(partitions)] *= 1 + Number.EPSILON;
      continue;
    }
    const edge = kind < 0.25 ? 0 : 0.0005 * rng.normal();
    // Tiny returns around 0 (kind < 0.25) are ordinary; tiny noise around an edge is near-constant.
    const scale = kind < 0.25 || (nearConstant && kind < 0.3) ? 1e-12 : 0.003;
    for (let b = 0; b < partitions; b++) {
      const count = counts[b];
      if (kind < 0.2) continue; // never traded: all zero
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < count; i++) {
        // A near-constant trial: the same return on (almost) every bar.
        const r = nearConstant && kind < 0.35 ? 0.001 + (rng.next() < 0.02 ? 1e-9 : 0) : edge + scale * rng.normal();
        sum += r;
        sumSquares += r * r;
      }
      sums[n * partitions + b] = sum;
      squares[n * partitions + b] = sumSquares;
    }
  }
  return { sums, squares, counts };
}

describe('CSCV split ranking', () => {
  it('bounds every trial\'s IS key over all splits (the largest key any split gives it)', () => {
    const rng = createRng(31);
    const trials = 30;
    const partitions = 8;
    const { sums, squares } = randomBlocks(rng, trials, partitions, false, true);
    const byBlock = (values: Float64Array) => Float64Array.from({ length: trials * partitions }, (_, i) => values[(i % trials) * partitions + Math.floor(i / trials)]);
    const bounds = inSampleKeyBounds(byBlock(sums), byBlock(squares), trials, partitions, 22);
    for (let n = 0; n < trials; n++) {
      let largest = 0;
      for (let mask = 0; mask < 1 << partitions; mask++) {
        let chosen = 0;
        let sum = 0;
        let sumSquares = 0;
        for (let b = 0; b < partitions; b++) {
          if (((mask >> b) & 1) === 0) continue;
          chosen++;
          sum += sums[n * partitions + b];
          sumSquares += squares[n * partitions + b];
        }
        if (chosen !== partitions / 2 || sum <= 0) continue;
        largest = Math.max(largest, (sum * sum) / (sumSquares - (sum * sum) / (chosen * 22)));
      }
      expect(largest).toBeLessThanOrEqual(bounds[n]);
    }
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])('ranks every split exactly like the per-trial metric path (seed %i)', (seed) => {
    const rng = createRng(seed);
    const partitions = [4, 6, 8, 10][seed % 4];
    const trials = 2 + rng.int(seed > 6 ? 300 : 60);
    const { sums, squares, counts } = randomBlocks(rng, trials, partitions, seed > 3 && seed <= 6, seed > 6 || seed % 2 === 0);
    for (const sharpe of [true, false]) {
      const fast = runSplits(sums, squares, counts, sharpe);
      const reference = runSplits(sums, squares, counts, sharpe, true);
      expect(Array.from(fast.logits)).toEqual(Array.from(reference.logits));
      expect(Array.from(fast.inSampleOfBest)).toEqual(Array.from(reference.inSampleOfBest));
      expect(Array.from(fast.outOfSampleOfBest)).toEqual(Array.from(reference.outOfSampleOfBest));
      expect([fast.pbo, fast.probabilityOfLoss]).toEqual([reference.pbo, reference.probabilityOfLoss]);
    }
  });

  it('settles exact ties in the IS winner by the lowest trial index and in the OOS rank by the average rank', () => {
    const rng = createRng(11);
    const { sums, squares, counts } = randomBlocks(rng, 3, 6);
    // Four identical trials after the random ones: every split ties them.
    const tied = { sums: new Float64Array(7 * 6), squares: new Float64Array(7 * 6) };
    tied.sums.set(sums);
    tied.squares.set(squares);
    for (let n = 3; n < 7; n++) {
      tied.sums.set(sums.subarray(0, 6), n * 6);
      tied.squares.set(squares.subarray(0, 6), n * 6);
    }
    const fast = runSplits(tied.sums, tied.squares, counts, true);
    const reference = runSplits(tied.sums, tied.squares, counts, true, true);
    expect(Array.from(fast.logits)).toEqual(Array.from(reference.logits));
  });

  it('takes the fast path on ordinary trials (no near-constant one) and agrees with the exact ranking on each split', () => {
    const rng = createRng(21);
    const trials = 40;
    const { sums, squares } = randomBlocks(rng, trials, 2, false);
    // One split of two blocks: IS = block 0 (no partial sums before its last and only chosen block), OOS = block 1.
    const lastSums = Float64Array.from({ length: trials }, (_, n) => sums[n * 2]);
    const lastSquares = Float64Array.from({ length: trials }, (_, n) => squares[n * 2]);
    const totalSums = Float64Array.from({ length: trials }, (_, n) => sums[n * 2] + sums[n * 2 + 1]);
    const totalSquares = Float64Array.from({ length: trials }, (_, n) => squares[n * 2] + squares[n * 2 + 1]);
    const input = {
      inSums: new Float64Array(trials), inSquares: new Float64Array(trials), offset: 0, lastSums, lastSquares, lastOffset: 0,
      totalSums, totalSquares, inCount: 22, outCount: 23, sharpe: true,
      weights: new Float64Array(trials).fill(1), bounds: new Float64Array(trials).fill(Infinity), order: Int32Array.from({ length: trials }, (_, n) => n),
    };
    const fast: SplitRanking = { best: -1, rank: 0, inSample: 0, outOfSample: 0 };
    const exact: SplitRanking = { best: -1, rank: 0, inSample: 0, outOfSample: 0 };
    expect(rankFast(input, fast)).toBe(true);
    rankExactly(input, exact);
    expect(fast).toEqual(exact);
  });
});
