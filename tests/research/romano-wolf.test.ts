import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { defaultBlockLength, romanoWolf, type RomanoWolfInput } from '../../src/research/romano-wolf.js';

function normalSeries(count: number, average: number, deviation: number, seed: number | string): number[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => average + deviation * rng.normal());
}

/**
 * Naive twin: materialises each resample's bar indices with the documented draw order, recomputes every
 * member's resampled mean from scratch, and takes the maximum over each suffix of the t ranking explicitly.
 */
function naiveRomanoWolf(returns: number[][], sims: number, blockLength: number, seed: number | string) {
  const count = returns[0].length;
  const means = returns.map((series) => series.reduce((a, b) => a + b, 0) / count);
  const deviations = returns.map((series, k) =>
    series.every((value) => value === series[0])
      ? 0
      : Math.sqrt(series.reduce((a, b) => a + (b - means[k]) ** 2, 0) / (count - 1)),
  );
  const tStats = means.map((mean, k) => (deviations[k] === 0 ? 0 : (Math.sqrt(count) * mean) / deviations[k]));
  const rng = createRng(seed);
  const resampledT: number[][] = [];
  for (let sim = 0; sim < sims; sim++) {
    const indices = [rng.int(count)];
    for (let bar = 1; bar < count; bar++) {
      indices.push(rng.next() < 1 / blockLength ? rng.int(count) : (indices[bar - 1] + 1) % count);
    }
    resampledT.push(
      returns.map((series, k) => {
        if (deviations[k] === 0) return 0;
        const resampledMean = indices.reduce((a, index) => a + series[index], 0) / count;
        return (Math.sqrt(count) * (resampledMean - means[k])) / deviations[k];
      }),
    );
  }
  const pValue = (hits: number) => (1 + hits) / (1 + sims);
  const rawPValues = tStats.map((t, k) => pValue(resampledT.filter((row) => row[k] >= t).length));
  const order = tStats.map((_, k) => k).sort((a, b) => tStats[b] - tStats[a]);
  const adjustedPValues = new Array<number>(returns.length);
  let previous = 0;
  order.forEach((member, rank) => {
    const suffix = order.slice(rank);
    const hits = resampledT.filter((row) => Math.max(...suffix.map((k) => row[k])) >= tStats[member]).length;
    previous = Math.max(previous, pValue(hits));
    adjustedPValues[member] = previous;
  });
  return { tStats, rawPValues, adjustedPValues };
}

/** A random family: K members with means from -0.15 to +0.25 sd, some correlated with member 0. */
function randomFamily(members: number, count: number, seed: number): number[][] {
  const rng = createRng(`family-${seed}`);
  const common = normalSeries(count, 0, 1, `common-${seed}`);
  return Array.from({ length: members }, (_, k) => {
    const average = -0.15 + 0.4 * rng.next();
    const loading = rng.next() < 0.5 ? 0 : rng.next();
    return normalSeries(count, average, 1, `${seed}-${k}`).map((value, bar) => value + loading * common[bar]);
  });
}

describe('romanoWolf', () => {
  it.each([
    { seed: 1, members: 1, count: 200, blockLength: 1 },
    { seed: 2, members: 2, count: 257, blockLength: 3.5 },
    { seed: 3, members: 3, count: 310, blockLength: 8 },
    { seed: 4, members: 4, count: 400, blockLength: 12 },
    { seed: 5, members: 5, count: 444, blockLength: 2 },
    { seed: 6, members: 6, count: 500, blockLength: 600 },
  ])('agrees with an explicit index-resampling twin (K = $members, T = $count, L = $blockLength)', (scenario) => {
    const returns = randomFamily(scenario.members, scenario.count, scenario.seed);
    if (scenario.members >= 5) returns[2] = new Array<number>(scenario.count).fill(0.001); // a flat member
    const options = { sims: 150, blockLength: scenario.blockLength, seed: `twin-${scenario.seed}` };
    const fast = romanoWolf({ returns: returns.map((series) => Float64Array.from(series)), ...options });
    const naive = naiveRomanoWolf(returns, options.sims, options.blockLength, options.seed);
    fast.tStats.forEach((t, k) => expect(t).toBeCloseTo(naive.tStats[k], 12));
    expect(fast.rawPValues).toEqual(naive.rawPValues);
    expect(fast.adjustedPValues).toEqual(naive.adjustedPValues);
    expect(fast.familyPValue).toBe(Math.min(...naive.adjustedPValues));
    expect(fast.observations).toBe(scenario.count);
  });

  it('gives adjusted = raw for a single member', () => {
    const result = romanoWolf({ returns: [normalSeries(300, 0.05, 1, 'single')], sims: 300, blockLength: 5, seed: 7 });
    expect(result.adjustedPValues).toEqual(result.rawPValues);
    expect(result.familyPValue).toBe(result.rawPValues[0]);
  });

  it('keeps adjusted p-values non-decreasing down the t ranking and never below raw', () => {
    for (let seed = 10; seed < 16; seed++) {
      const result = romanoWolf({ returns: randomFamily(6, 300, seed), sims: 200, blockLength: 4, seed });
      const order = result.tStats.map((_, k) => k).sort((a, b) => result.tStats[b] - result.tStats[a]);
      for (let rank = 1; rank < order.length; rank++) {
        expect(result.adjustedPValues[order[rank]]).toBeGreaterThanOrEqual(result.adjustedPValues[order[rank - 1]]);
      }
      result.adjustedPValues.forEach((p, k) => expect(p).toBeGreaterThanOrEqual(result.rawPValues[k]));
      expect(result.familyPValue).toBe(Math.min(...result.adjustedPValues));
    }
  });

  it('holds the familywise size near 5% on families of pure noise, with roughly uniform raw p-values', () => {
    const rawPValues: number[] = [];
    let rejections = 0;
    const families = 200;
    for (let family = 0; family < families; family++) {
      const returns = Array.from({ length: 5 }, (_, k) => normalSeries(500, 0, 0.01, `null-${family}-${k}`));
      const result = romanoWolf({ returns, sims: 400, blockLength: 5, seed: family });
      if (result.familyPValue <= 0.05) rejections++;
      rawPValues.push(...result.rawPValues);
    }
    // Binomial(200, 0.05) has sd 0.015: the band is about +-3 sd and fails on a floor or an uncontrolled family.
    expect(rejections / families).toBeGreaterThanOrEqual(0.01);
    expect(rejections / families).toBeLessThanOrEqual(0.1);
    // 1,000 raw p-values: about 100 per decile, sd about 9.5.
    const deciles = new Array<number>(10).fill(0);
    for (const p of rawPValues) deciles[Math.min(9, Math.floor(p * 10))]++;
    for (const hits of deciles) expect(hits).toBeGreaterThanOrEqual(65);
    for (const hits of deciles) expect(hits).toBeLessThanOrEqual(135);
  });

  it('finds one real edge among noise while the noise members mostly stay above 5%', () => {
    const noiseAdjusted: number[] = [];
    for (let family = 0; family < 10; family++) {
      // Mean 0.25 sd over 500 bars: expected t about 5.6, so the 1% bar has a wide margin on every seed.
      const signal = normalSeries(500, 0.0025, 0.01, `signal-${family}`);
      const noise = Array.from({ length: 4 }, (_, k) => normalSeries(500, 0, 0.01, `noise-${family}-${k}`));
      const result = romanoWolf({ returns: [signal, ...noise], sims: 500, blockLength: 5, seed: family });
      expect(result.adjustedPValues[0]).toBeLessThanOrEqual(0.01);
      expect(result.familyPValue).toBe(result.adjustedPValues[0]);
      noiseAdjusted.push(...result.adjustedPValues.slice(1));
    }
    expect(noiseAdjusted.filter((p) => p <= 0.05).length / noiseAdjusted.length).toBeLessThanOrEqual(0.1);
  });

  it('charges nothing for K identical copies, unlike Sidak', () => {
    const series = Float64Array.from(normalSeries(400, 0.0012, 0.01, 'copied'));
    const options = { sims: 500, blockLength: 6, seed: 'copies' };
    const single = romanoWolf({ returns: [series], ...options }).rawPValues[0];
    const copies = romanoWolf({ returns: [series, series, series, series], ...options });
    expect(copies.adjustedPValues).toEqual([single, single, single, single]);
    expect(copies.familyPValue).toBe(single);
    expect(single).toBeGreaterThan(1 / 501); // off the floor and below 50%: a case where the adjustment matters
    expect(single).toBeLessThan(0.5);
    expect(single).toBeLessThan(1 - (1 - single) ** 4); // what Sidak over the 4 copies would report
  });

  it('gives a flat member t = 0 and p = 1, and is reproducible with a seed', () => {
    const input = { returns: [new Array<number>(50).fill(0.002), normalSeries(50, 0, 1, 'x')], sims: 99, blockLength: 3, seed: 's' };
    const result = romanoWolf(input);
    expect(result.tStats[0]).toBe(0);
    expect(result.rawPValues[0]).toBe(1);
    expect(result.adjustedPValues[0]).toBe(1);
    expect(romanoWolf(input)).toEqual(result);
  });

  const good = { returns: [[0.01, -0.01, 0.02]], sims: 10, blockLength: 2, seed: 1 };
  it.each<[string, Partial<RomanoWolfInput>, RegExp]>([
    ['no member', { returns: [] }, /no member/],
    ['unequal lengths', { returns: [[1, 2, 3], [1, 2]] }, /member 1 has 2 bars, member 0 has 3; align/],
    ['fewer than 2 bars', { returns: [[0.01]] }, /at least 2 bars/],
    ['a NaN return', { returns: [[0.01, Number.NaN, 0]] }, /member 0 bar 1 is NaN/],
    ['an infinite return', { returns: [[0, 1, 2], [0, Number.POSITIVE_INFINITY, 0]] }, /member 1 bar 1 is Infinity/],
    ['zero sims', { sims: 0 }, /sims must be an integer >= 1/],
    ['fractional sims', { sims: 2.5 }, /sims must be an integer >= 1/],
    ['block length below 1', { blockLength: 0.5 }, /blockLength must be a finite number >= 1/],
    ['NaN block length', { blockLength: Number.NaN }, /blockLength must be a finite number >= 1/],
  ])('rejects %s with a RangeError that says what to fix', (_, change, message) => {
    expect(() => romanoWolf({ ...good, ...change })).toThrow(RangeError);
    expect(() => romanoWolf({ ...good, ...change })).toThrow(message);
  });
});

describe('defaultBlockLength', () => {
  it.each([
    [1, 2],
    [500, 8],
    [3000, 14],
    [100_000, 46],
    [10_000_000, 100],
  ])('T = %i gives round(cbrt(T)) clamped to [2, 100]: %i', (observations, expected) => {
    expect(defaultBlockLength(observations)).toBe(expected);
  });

  it('rejects a non-integer or non-positive count', () => {
    expect(() => defaultBlockLength(0)).toThrow(RangeError);
    expect(() => defaultBlockLength(12.5)).toThrow(/integer >= 1/);
  });
});
