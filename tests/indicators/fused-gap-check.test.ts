/**
 * The indicators run one kernel over the whole series and only fall back to the run splitter when the kernel saw a
 * non-finite input. These tests pin that the result is always exactly the run-by-run computation, wherever the bad
 * value sits (first bar, last bar, inside the warm-up, in a column the kernel reads only for some bars) and whatever
 * it is (NaN, +Infinity, -Infinity).
 */
import { describe, expect, it } from 'vitest';
import { allocateCandles, createRng, sliceCandles, type Candles } from '../../src/core/index.js';
import { atr, bollinger, ema, keltner, macd, rollingStd, rsi, sma, zScore } from '../../src/indicators/index.js';
import { asOutputs, type Outputs } from './_contract-cases.js';
import { syntheticCandles } from './_candle-fixtures.js';

type Field = 'high' | 'low' | 'close';
interface FusedCase {
  name: string;
  fields: readonly Field[];
  compute(candles: Candles): Float64Array | object;
}

const P = 5;
const CASES: FusedCase[] = [
  { name: 'sma', fields: ['close'], compute: (c) => sma(c.close, P) },
  { name: 'ema', fields: ['close'], compute: (c) => ema(c.close, P) },
  { name: 'rsi', fields: ['close'], compute: (c) => rsi(c.close, P) },
  { name: 'atr', fields: ['high', 'low', 'close'], compute: (c) => atr(c.high, c.low, c.close, P) },
  { name: 'bollinger', fields: ['close'], compute: (c) => bollinger(c.close, P, 2) },
  { name: 'rollingStd', fields: ['close'], compute: (c) => rollingStd(c.close, P) },
  { name: 'zScore', fields: ['close'], compute: (c) => zScore(c.close, P) },
  { name: 'keltner', fields: ['high', 'low', 'close'], compute: (c) => keltner(c.high, c.low, c.close, P, 1.5) },
  { name: 'macd', fields: ['close'], compute: (c) => macd(c.close, 3, 6, 2) },
];

const LENGTH = 40;
const candles = syntheticCandles(LENGTH, 5);

function corrupted(bars: readonly number[], field: Field, value: number): Candles {
  const copy = allocateCandles(LENGTH);
  for (const key of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) copy[key].set(candles[key]);
  for (const bar of bars) copy[field][bar] = value;
  return copy;
}

/** The gap convention spelled out: NaN on bad bars, each run between them computed on its own slice. */
function runByRun(compute: FusedCase['compute'], input: Candles, bad: ReadonlySet<number>): Outputs {
  const shape = asOutputs(compute(input));
  const expected: Outputs = Object.fromEntries(Object.keys(shape).map((key) => [key, new Float64Array(LENGTH).fill(NaN)]));
  for (let start = 0; start < LENGTH; ) {
    if (bad.has(start)) {
      start++;
      continue;
    }
    let end = start;
    while (end < LENGTH && !bad.has(end)) end++;
    const piece = asOutputs(compute(sliceCandles(input, start, end)));
    for (const key of Object.keys(expected)) expected[key].set(piece[key], start);
    start = end;
  }
  return expected;
}

const PLACEMENTS: { where: string; bars: number[] }[] = [
  { where: 'on the first bar', bars: [0] },
  { where: 'on the second bar', bars: [1] },
  { where: 'at the end of the first warm-up', bars: [P - 1] },
  { where: 'in the middle', bars: [20] },
  { where: 'on the next-to-last bar', bars: [LENGTH - 2] },
  { where: 'on the last bar', bars: [LENGTH - 1] },
  { where: 'as a leading gap (a chained warm-up)', bars: [0, 1, 2, 3, 4, 5, 6] },
  { where: 'twice, with a run too short to warm up between', bars: [10, 13] },
  { where: 'inside the last period after a long leading gap', bars: [...Array.from({ length: LENGTH - P }, (_, i) => i), LENGTH - 2] },
  { where: 'on every other bar', bars: Array.from({ length: LENGTH / 2 }, (_, i) => 2 * i) },
];
const VALUES = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe.each(CASES)('$name with a non-finite input', ({ compute, fields }) => {
  const scenarios = fields.flatMap((field) => PLACEMENTS.flatMap(({ where, bars }) => VALUES.map((value) => ({ field, where, bars, value }))));
  it.each(scenarios)('equals the run-by-run computation: $field = $value $where', ({ field, bars, value }) => {
    const input = corrupted(bars, field, value);
    const actual = asOutputs(compute(input));
    const expected = runByRun(compute, input, new Set(bars));
    for (const key of Object.keys(expected)) expect(actual[key], key).toEqual(expected[key]);
  });
});

describe.each(CASES)('$name with bad values scattered at random', ({ compute, fields }) => {
  it.each(Array.from({ length: 25 }, (_, seed) => seed))('equals the run-by-run computation (seed %i)', (seed) => {
    const rng = createRng(seed);
    const input = corrupted([], 'close', 0);
    const bad = new Set<number>();
    for (let k = 1 + rng.int(4); k > 0; k--) {
      const bar = rng.int(LENGTH);
      input[fields[rng.int(fields.length)]][bar] = VALUES[rng.int(VALUES.length)];
      bad.add(bar);
    }
    const actual = asOutputs(compute(input));
    const expected = runByRun(compute, input, bad);
    for (const key of Object.keys(expected)) expect(actual[key], key).toEqual(expected[key]);
  });
});

describe('finite inputs take the fused path unchanged', () => {
  it.each(CASES)('$name on a clean series equals itself computed on the same bars after a leading NaN', ({ compute }) => {
    const shifted = allocateCandles(LENGTH + 1);
    for (const key of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) {
      shifted[key][0] = Number.NaN;
      shifted[key].set(candles[key], 1);
    }
    const clean = asOutputs(compute(candles));
    const late = asOutputs(compute(shifted));
    for (const key of Object.keys(clean)) {
      expect(late[key][0], key).toBeNaN();
      expect(late[key].subarray(1), key).toEqual(clean[key]);
    }
  });
});
