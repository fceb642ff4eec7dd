import { describe, expect, it } from 'vitest';
import type { Candles } from '../../src/core/index.js';
import { donchian, ema, keltner, rollingStd, supertrend, vwap, zScore } from '../../src/indicators/index.js';
import { nonEmptyCases } from '../helpers/case-table.js';
import { randomWalk } from '../helpers/random-walk.js';
import { HAS_REAL_DATA, MISSING_DATA_MESSAGE, maxRelativeError, readCsvCandles, syntheticCandles } from './_candle-fixtures.js';
import {
  referenceDonchian,
  referenceKeltner,
  referencePopulationStd,
  referenceSupertrend,
  referenceVwap,
  referenceZScore,
} from './_slow-references.js';

type Outputs = Record<string, ArrayLike<number>>;
interface ReferenceCase {
  name: string;
  ours(c: Candles): Outputs;
  reference(c: Candles): Outputs;
  /** Values near 0 (z-scores) are compared absolutely below this scale. */
  floor: number;
}

const CASES: ReferenceCase[] = [
  {
    name: 'keltner(20, 2)',
    ours: (c) => ({ ...keltner(c.high, c.low, c.close, 20, 2) }),
    reference: (c) => referenceKeltner(c.high, c.low, c.close, 20, 2),
    floor: 1e-9,
  },
  {
    name: 'supertrend(10, 3)',
    ours: (c) => ({ ...supertrend(c.high, c.low, c.close, 10, 3) }),
    reference: (c) => referenceSupertrend(c.high, c.low, c.close, 10, 3),
    floor: 1e-9,
  },
  {
    name: 'donchian(20)',
    ours: (c) => ({ ...donchian(c.high, c.low, 20) }),
    reference: (c) => referenceDonchian(c.high, c.low, 20),
    floor: 1e-9,
  },
  {
    name: 'vwap',
    ours: (c) => ({ value: vwap(c.timestamp, c.high, c.low, c.close, c.volume) }),
    reference: (c) => ({ value: referenceVwap(c.timestamp, c.high, c.low, c.close, c.volume) }),
    floor: 1e-9,
  },
  {
    name: 'zScore(20)',
    ours: (c) => ({ value: zScore(c.close, 20) }),
    reference: (c) => ({ value: referenceZScore(c.close, 20) }),
    floor: 1,
  },
  {
    name: 'rollingStd(20) (exact two-pass, where TA-Lib is only close)',
    ours: (c) => ({ value: rollingStd(c.close, 20) }),
    reference: (c) => ({ value: referencePopulationStd(c.close, 20) }),
    floor: 1e-6,
  },
];

function expectAgreement({ ours, reference, floor }: ReferenceCase, candles: Candles): void {
  const actual = ours(candles);
  const expected = reference(candles);
  for (const [key, values] of Object.entries(expected)) {
    const mine = actual[key];
    expect(Array.from(mine, Number.isNaN), `${key} warm-up`).toEqual(Array.from(values, Number.isNaN));
    const finite = (array: ArrayLike<number>) => Array.from(array).filter((_, i) => !Number.isNaN(values[i]));
    const { error, index } = maxRelativeError(finite(mine), finite(values), floor);
    expect(error, `${key}: worst at finite bar ${index}`).toBeLessThanOrEqual(1e-9);
  }
}

/** Synthetic markets always run; BTCUSDT 1h adds its cases when the shared files are present. */
const DATASETS = nonEmptyCases('reference datasets', [
  { name: 'a synthetic random walk', candles: () => syntheticCandles(3000, 11, 30_000) },
  { name: 'a random walk with gaps and uneven volume', candles: () => randomWalk(3000, 12, { gapChance: 0.03, volumeSpread: 50, stepMs: 3_600_000 }) },
  ...(HAS_REAL_DATA ? [{ name: 'BTCUSDT 1h', candles: () => readCsvCandles('BTCUSDT', '1h') }] : []),
]);

describe.each(DATASETS)('agreement with slow references on $name', ({ candles: load }) => {
  const candles = load();
  it.each(CASES)('$name', (testCase) => expectAgreement(testCase, candles));
});

// One visible skip stands for the real-candle cases a clean clone cannot add.
if (!HAS_REAL_DATA) it.skip(`agreement with slow references on real candles: ${MISSING_DATA_MESSAGE}`, () => {});

describe('hand-computed values', () => {
  it('EMA(3) seeds with the mean of the first 3 values, then moves half-way to each new value', () => {
    expect(Array.from(ema(Float64Array.of(2, 4, 6, 8, 3), 3))).toEqual([NaN, NaN, 4, 6, 4.5]);
  });

  it('Donchian(3) includes the current bar', () => {
    const channel = donchian(Float64Array.of(1, 3, 2, 5, 4), Float64Array.of(0, 1, 1, 2, 3), 3);
    expect(Array.from(channel.upper)).toEqual([NaN, NaN, 3, 5, 5]);
    expect(Array.from(channel.lower)).toEqual([NaN, NaN, 0, 1, 1]);
    expect(Array.from(channel.middle)).toEqual([NaN, NaN, 1.5, 3, 3]);
  });

  it('VWAP weights typical prices by volume and restarts at UTC midnight', () => {
    const hour = 3_600_000;
    const midnight = Date.UTC(2024, 0, 2);
    const timestamp = Float64Array.of(midnight - 2 * hour, midnight - hour, midnight, midnight + hour);
    const high = Float64Array.of(11, 21, 40, 50);
    const low = Float64Array.of(9, 19, 38, 46);
    const close = Float64Array.of(10, 20, 39, 48);
    const volume = Float64Array.of(1, 3, 2, 2);
    // typical prices 10, 20 | 39, 48
    expect(Array.from(vwap(timestamp, high, low, close, volume))).toEqual([10, (10 + 60) / 4, 39, (78 + 96) / 4]);
  });

  it('VWAP is NaN until the session has traded some volume', () => {
    const timestamp = Float64Array.of(0, 60_000, 120_000);
    const price = Float64Array.of(5, 6, 7);
    expect(Array.from(vwap(timestamp, price, price, price, Float64Array.of(0, 2, 2)))).toEqual([NaN, 6, 6.5]);
  });

  it('z-score of 1, 2, 3 over 3 bars is 1 / sqrt(2/3); a flat window scores 0, not NaN', () => {
    const z = zScore(Float64Array.of(1, 2, 3, 3, 3, 3), 3);
    expect(z[2]).toBeCloseTo(1 / Math.sqrt(2 / 3), 14);
    expect(z[5]).toBe(0);
  });

  it('population sigma of 2, 4, 4, 4, 5, 5, 7, 9 is exactly 2', () => {
    expect(rollingStd(Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9), 8)[7]).toBe(2);
  });

  it('SuperTrend turns up in a steady rally and trails below the close', () => {
    const length = 60;
    const close = Float64Array.from({ length }, (_, i) => 100 + i);
    const high = close.map((c) => c + 0.5);
    const low = close.map((c) => c - 0.5);
    const result = supertrend(high, low, close, 10, 3);
    expect(result.direction[10]).toBe(-1);
    expect(result.direction[length - 1]).toBe(1);
    expect(result.line[length - 1]).toBeLessThan(close[length - 1]);
  });

  it('SuperTrend flips both ways on a random walk (so the reference comparison is not trivial)', () => {
    const { direction } = supertrend(...(['high', 'low', 'close'] as const).map((k) => syntheticCandles(3000, 11)[k]) as [Float64Array, Float64Array, Float64Array], 10, 3);
    let flips = 0;
    for (let i = 11; i < direction.length; i++) if (direction[i] !== direction[i - 1]) flips++;
    expect(flips).toBeGreaterThan(20);
  });
});
