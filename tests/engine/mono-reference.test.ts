import { describe, expect, it } from 'vitest';
import { createRng, type Candles, type Rng } from '../../src/core/index.js';
import { createKernelScratch, packSignals, runMonoKernel, type IntrabarPolicy, type MonoKernelOptions, type Signals, type SizingOptions } from '../../src/engine/index.js';
import { closeTo, expectAgreement, pick, randomFees, randomFunding, randomMarket, toTick } from './_kernel-agreement.js';
import { referenceMono, returnMoments } from './_reference-mono.js';

const CASES_PER_POLICY = 120;
const POLICIES: IntrabarPolicy[] = ['pessimistic', 'color', 'adaptive'];

type FourSignals = Required<Pick<Signals, 'enterLong' | 'exitLong' | 'enterShort' | 'exitShort'>>;

/** Four signal arrays at one density (any non-zero byte is on), sometimes on for the last bars too. */
function randomSignals(rng: Rng, n: number): FourSignals {
  const density = pick(rng, [0.002, 0.02, 0.1, 0.4]);
  const bytes = () => Uint8Array.from({ length: n }, () => (rng.next() < density ? 1 + rng.int(255) : 0));
  return { enterLong: bytes(), exitLong: bytes(), enterShort: bytes(), exitShort: bytes() };
}

/** A level array a fraction away from the close (below or above), with NaN holes; now and then on the wrong side. */
function randomLevels(rng: Rng, candles: Candles & { ticked: boolean }, direction: 1 | -1): Float64Array | undefined {
  if (rng.next() < 0.5) return undefined;
  const holes = pick(rng, [0, 0.3, 0.9]);
  const distance = pick(rng, [0.003, 0.01, 0.03]);
  return Float64Array.from(candles.close, (c) => {
    if (rng.next() < holes) return Number.NaN;
    const sign = rng.next() < 0.05 ? -direction : direction;
    const level = c * (1 + sign * distance * (0.2 + rng.next()));
    return candles.ticked ? toTick(level) : level;
  });
}

function randomSizing(rng: Rng): SizingOptions | undefined {
  const lotSize = pick(rng, [undefined, 0, 0.01, 1]);
  switch (pick(rng, ['default', 'fraction', 'fixed', 'risk'] as const)) {
    case 'default':
      return undefined;
    case 'fraction':
      return { mode: 'fraction', fraction: pick(rng, [0.3, 1]), leverage: pick(rng, [1, 3]), lotSize };
    case 'fixed':
      return { mode: 'fixed', notional: pick(rng, [500, 20_000]), lotSize };
    default:
      return { mode: 'risk', riskFraction: pick(rng, [0.01, 0.05]), leverage: pick(rng, [1, 2]), lotSize };
  }
}

function randomCase(seed: number, intrabar: IntrabarPolicy) {
  const rng = createRng(seed);
  const n = 30 + rng.int(570);
  const candles = randomMarket(rng, n);
  const four = randomSignals(rng, n);
  const levels: Signals = {
    stopLong: randomLevels(rng, candles, -1),
    takeProfitLong: randomLevels(rng, candles, 1),
    stopShort: randomLevels(rng, candles, 1),
    takeProfitShort: randomLevels(rng, candles, -1),
  };
  for (const key of Object.keys(levels) as (keyof Signals)[]) if (levels[key] === undefined) delete levels[key];
  const maybe = (chance: number, values: number[]) => (rng.next() < chance ? pick(rng, values) : undefined);
  const options: MonoKernelOptions = {
    intrabar,
    initialCash: pick(rng, [undefined, 1_000, 250_000]),
    startIndex: maybe(0.5, [1, 20, Math.floor(n / 3)]),
    stopLossPct: maybe(0.4, [0.002, 0.01, 0.05]),
    takeProfitPct: maybe(0.4, [0.002, 0.01, 0.05]),
    trailingStopPct: maybe(0.3, [0.003, 0.02]),
    dynamicLevels: rng.next() < 0.3,
    oppositeEntry: pick(rng, [undefined, 'reverse', 'ignore'] as const),
    fees: randomFees(rng),
    sizing: randomSizing(rng),
    funding: randomFunding(rng, n),
  };
  return { candles, four, levels, options };
}

describe('mono kernel against the naive per-bar reference', () => {
  it.each(POLICIES)('trades and marks exactly like the reference on random markets, signals and levels (%s)', (intrabar) => {
    const scratch = createKernelScratch(64, 4);
    let trades = 0;
    for (let seed = 1; seed <= CASES_PER_POLICY; seed++) {
      const { candles, four, levels, options } = randomCase(seed * 7919 + POLICIES.indexOf(intrabar), intrabar);
      const label = `seed ${seed} (${intrabar}), ${candles.close.length} bars, options ${JSON.stringify({ ...options, funding: options.funding && { ...options.funding, rates: options.funding.rates && 'per-bar' } })}`;
      const expected = referenceMono(candles, { ...four, ...levels }, options);
      trades += expected.trades.length;
      const packed = packSignals(four, candles.close.length);
      // Bits above the four signals are ignored.
      for (let t = 0; t < packed.length; t += 5) packed[t] |= 0xf0;
      expectAgreement(`${label}, four arrays`, runMonoKernel(candles, { ...four, ...levels }, options), expected);
      const viaPacked = runMonoKernel(candles, { packed, ...levels }, options, scratch);
      expectAgreement(`${label}, packed`, viaPacked, expected);
      const [sum, squares] = returnMoments(expected.equity);
      expect(closeTo(viaPacked.returnSum, sum) && closeTo(viaPacked.returnSquares, squares), `${label}: return moments`).toBe(true);
      const score = runMonoKernel(candles, { packed, ...levels }, { ...options, scoreOnly: true });
      expectAgreement(`${label}, scoreOnly`, score, expected, { equity: false, times: false });
      const n = candles.close.length;
      expect(closeTo(score.firstEquity, expected.equity[0]) && closeTo(score.lastEquity, expected.equity[n - 1]), `${label}: first / last equity`).toBe(true);
      expect(closeTo(score.returnSum, sum) && closeTo(score.returnSquares, squares), `${label}: scoreOnly return moments`).toBe(true);
    }
    // The random cases must exercise the kernel, not agree on empty runs.
    expect(trades).toBeGreaterThan(CASES_PER_POLICY * 5);
  });

  it('agrees on runs of 0, 1 and 2 bars', () => {
    for (const n of [0, 1, 2]) {
      const candles = randomMarket(createRng(n), n);
      const four = { enterLong: new Uint8Array(n).fill(1), exitLong: new Uint8Array(n), enterShort: new Uint8Array(n), exitShort: new Uint8Array(n) };
      expectAgreement(`${n} bars`, runMonoKernel(candles, four, { stopLossPct: 0.01 }), referenceMono(candles, four, { stopLossPct: 0.01 }));
    }
  });
});
