import { describe, expect, it } from 'vitest';
import { createRng, type Candles, type Rng } from '../../src/core/index.js';
import { createKernelScratch, nearestLevels, runGridKernel, scaledLevelMatrix, tradesToObjects, type GridKernelOptions, type GridLevels, type IntrabarPolicy } from '../../src/engine/index.js';
import { expectAgreement, pick, randomFees, randomFunding, randomMarket, toTick } from './_kernel-agreement.js';
import { referenceGrid } from './_reference-grid.js';

const CASES_PER_POLICY = 120;
const POLICIES: IntrabarPolicy[] = ['pessimistic', 'color', 'adaptive'];

type Market = Candles & { ticked: boolean };

/** Trailing mean of the last `period` closes (NaN before): the centre the levels hang from. */
function trailingMean(close: Float64Array, period: number): Float64Array {
  const out = new Float64Array(close.length).fill(Number.NaN);
  let sum = 0;
  for (let t = 0; t < close.length; t++) {
    sum += close[t] - (t >= period ? close[t - period] : 0);
    if (t >= period - 1) out[t] = sum / period;
  }
  return out;
}

/**
 * Row-major n x K levels on one side of the centre, nearest first (long: descending, short: ascending), with NaN
 * holes; the nearest level sometimes sits beyond the centre so that bars open through it.
 */
function sideLevels(rng: Rng, market: Market, centre: Float64Array, K: number, direction: 1 | -1): Float64Array {
  const spacing = pick(rng, [0.002, 0.006, 0.02]);
  const first = pick(rng, [-0.004, 0, 0.002, 0.01]);
  const holes = pick(rng, [0, 0.2]);
  const out = new Float64Array(centre.length * K);
  for (let t = 0; t < centre.length; t++) {
    for (let k = 0; k < K; k++) {
      const level = centre[t] * (1 - direction * (first + spacing * k));
      out[t * K + k] = rng.next() < holes ? Number.NaN : market.ticked ? toTick(level) : level;
    }
  }
  return out;
}

/** A take-profit array beyond the centre on the profit side (NaN holes), or none. */
function takeProfitArray(rng: Rng, market: Market, centre: Float64Array, direction: 1 | -1): Float64Array | undefined {
  if (rng.next() < 0.35) return undefined;
  const offset = pick(rng, [0, 0.003, 0.01]);
  return Float64Array.from(centre, (c) => {
    if (rng.next() < 0.1) return Number.NaN;
    const level = c * (1 + direction * offset);
    return market.ticked ? toTick(level) : level;
  });
}

function forceCloseArray(rng: Rng, n: number): Uint8Array | undefined {
  if (rng.next() < 0.6) return undefined;
  const density = pick(rng, [0.005, 0.05]);
  return Uint8Array.from({ length: n }, () => (rng.next() < density ? 1 : 0));
}

function randomCase(seed: number, intrabar: IntrabarPolicy) {
  const rng = createRng(seed);
  const n = 30 + rng.int(470);
  const market = randomMarket(rng, n);
  const K = 1 + rng.int(5);
  const centre = rng.next() < 0.5 ? market.close : trailingMean(market.close, pick(rng, [5, 20]));
  const sides = pick(rng, ['long', 'short', 'both'] as const);
  const levels: GridLevels = { levelCount: K };
  if (sides !== 'short') levels.long = sideLevels(rng, market, centre, K, 1);
  if (sides !== 'long') levels.short = sideLevels(rng, market, centre, K, -1);
  if (rng.next() < 0.5) {
    levels.takeProfit = takeProfitArray(rng, market, centre, sides === 'short' ? -1 : 1);
  } else {
    levels.takeProfitLong = takeProfitArray(rng, market, centre, 1);
    levels.takeProfitShort = takeProfitArray(rng, market, centre, -1);
  }
  if (rng.next() < 0.5) levels.forceClose = forceCloseArray(rng, n);
  else {
    levels.forceCloseLong = forceCloseArray(rng, n);
    levels.forceCloseShort = forceCloseArray(rng, n);
  }
  const maybe = (chance: number, values: number[]) => (rng.next() < chance ? pick(rng, values) : undefined);
  const options: GridKernelOptions = {
    intrabar,
    initialCash: pick(rng, [undefined, 1_000, 250_000]),
    startIndex: maybe(0.5, [1, 20, Math.floor(n / 3)]),
    exitMode: pick(rng, [undefined, 'average', 'perLevel'] as const),
    levelWeights: rng.next() < 0.3 ? Array.from({ length: K }, () => pick(rng, [0, 0.1, 0.3])) : undefined,
    stopLossPct: maybe(0.5, [0.003, 0.01, 0.04]),
    takeProfitPct: maybe(0.5, [0.002, 0.01, 0.03]),
    fees: randomFees(rng),
    sizing: pick(rng, [undefined, { mode: 'fraction', fraction: 0.5, leverage: 2 }, { mode: 'fixed', notional: 3_000 }] as const),
    funding: randomFunding(rng, n),
  };
  return { market, levels, options };
}

describe('grid kernel against the naive per-bar reference', () => {
  it.each(POLICIES)('fills, exits and marks exactly like the reference on random markets, levels, take-profits and stops (%s)', (intrabar) => {
    const scratch = createKernelScratch(64, 4);
    let trades = 0;
    for (let seed = 1; seed <= CASES_PER_POLICY; seed++) {
      const { market, levels, options } = randomCase(seed * 104_729 + POLICIES.indexOf(intrabar), intrabar);
      const label = `seed ${seed} (${intrabar}), ${market.close.length} bars, K ${levels.levelCount}, options ${JSON.stringify({ ...options, funding: options.funding && { ...options.funding, rates: options.funding.rates && 'per-bar' } })}`;
      const expected = referenceGrid(market, levels, options);
      trades += expected.trades.length;
      expectAgreement(label, runGridKernel(market, levels, options), expected);
      expectAgreement(`${label}, reused scratch`, runGridKernel(market, levels, options, scratch), expected);
    }
    // The random cases must exercise the kernel, not agree on empty runs.
    expect(trades).toBeGreaterThan(CASES_PER_POLICY * 5);
  });
});

/** Scaled levels (a centre line and K factors, as envelope strategies give them) and the matrix they stand for. */
function scaledCase(seed: number, intrabar: IntrabarPolicy) {
  const { market, levels, options } = randomCase(seed, intrabar);
  const rng = createRng(seed + 1);
  const K = levels.levelCount;
  const centre = rng.next() < 0.5 ? market.close.slice() : trailingMean(market.close, pick(rng, [5, 20]));
  for (let t = 0; t < centre.length; t++) if (rng.next() < 0.05) centre[t] = Number.NaN;
  const first = pick(rng, [-0.004, 0, 0.002, 0.01]);
  const spacing = pick(rng, [0.002, 0.006, 0.02]);
  const scaled: GridLevels = { ...levels, long: undefined, short: undefined };
  const matrix: GridLevels = { ...scaled };
  for (const [side, direction] of [['Long', 1], ['Short', -1]] as const) {
    if (levels[side === 'Long' ? 'long' : 'short'] === undefined) continue;
    const factors = Array.from({ length: K }, (_, k) => 1 - direction * (first + spacing * k));
    scaled[`scaled${side}`] = { center: centre, factors };
    matrix[side === 'Long' ? 'long' : 'short'] = scaledLevelMatrix({ center: centre, factors });
  }
  return { market, scaled, matrix, options };
}

describe('grid kernel on scaled levels', () => {
  it.each(POLICIES)('trades and marks exactly as on the level matrix they stand for, nearest levels given or not, and like the reference (%s)', (intrabar) => {
    let trades = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const { market, scaled, matrix, options } = scaledCase(seed * 7_919 + POLICIES.indexOf(intrabar), intrabar);
      const label = `seed ${seed} (${intrabar}), ${market.close.length} bars, K ${scaled.levelCount}`;
      const onMatrix = runGridKernel(market, matrix, options);
      const onScaled = runGridKernel(market, scaled, options);
      expect(Array.from(onScaled.equity), label).toEqual(Array.from(onMatrix.equity));
      expect(tradesToObjects(onScaled.trades), label).toEqual(tradesToObjects(onMatrix.trades));
      // The kernel finds a scaled book's nearest level from the line; the same levels passed as arrays agree.
      const given: GridLevels = { ...scaled };
      if (matrix.long) given.nearestLong = nearestLevels(matrix.long, matrix.levelCount, 1);
      if (matrix.short) given.nearestShort = nearestLevels(matrix.short, matrix.levelCount, -1);
      const onGiven = runGridKernel(market, given, options);
      expect(Array.from(onGiven.equity), label).toEqual(Array.from(onMatrix.equity));
      expect(tradesToObjects(onGiven.trades), label).toEqual(tradesToObjects(onMatrix.trades));
      const expected = referenceGrid(market, matrix, options);
      trades += expected.trades.length;
      expectAgreement(label, onScaled, expected);
    }
    expect(trades).toBeGreaterThan(60 * 3);
  });

  it('refuses factors that do not match the level count, or a matrix and scaled levels for one side', () => {
    const market = randomMarket(createRng(3), 50);
    const scaled = { center: market.close, factors: [0.99, 0.98] };
    expect(() => runGridKernel(market, { levelCount: 3, scaledLong: scaled })).toThrow(/scaledLong.factors must have levelCount = 3/);
    expect(() => runGridKernel(market, { levelCount: 2, scaledLong: scaled, long: scaledLevelMatrix(scaled) })).toThrow(/give long or scaledLong, not both/);
  });
});
