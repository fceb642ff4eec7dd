/**
 * Bollinger sigma is exact (anchored sums, re-anchored every `period` bars), not TA-Lib's E[x^2] - E[x]^2: checked
 * against a two-pass reference on series built to break the one-pass formula, and long enough to show no drift.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { bollinger } from '../../src/indicators/index.js';
import { maxRelativeError } from './_candle-fixtures.js';
import { referencePopulationStd } from './_slow-references.js';

const PERIOD = 20;

/** BTC-like prices on a 0.01 tick grid: sigma of a window is ~1e-5 of the price. */
function tickWalk(length: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(length);
  let ticks = 6_000_000;
  for (let i = 0; i < length; i++) {
    ticks += Math.round(30 * rng.normal());
    out[i] = ticks / 100;
  }
  return out;
}

const SERIES: { name: string; values: Float64Array }[] = [
  { name: 'a 60 000 random walk on a 0.01 tick grid, 200k bars', values: tickWalk(200_000, 3) },
  { name: 'a slow ramp far from 0 (10 000 + 0.01 t)', values: Float64Array.from({ length: 50_000 }, (_, t) => 10_000 + 0.01 * t) },
];

/** sigma recovered from the bands with mult = 1, mean from the middle band. */
function sigmaAndMean(values: Float64Array): { sigma: Float64Array; mean: Float64Array } {
  const { upper, middle, lower } = bollinger(values, PERIOD, 1);
  return { sigma: upper.map((u, i) => (u - lower[i]) / 2), mean: middle };
}

/** TA-Lib's one-pass variance from raw running sums, to show these series really defeat it. */
function onePassSigma(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    sumSquares += values[i] * values[i];
    if (i >= PERIOD) {
      sum -= values[i - PERIOD];
      sumSquares -= values[i - PERIOD] * values[i - PERIOD];
    }
    if (i >= PERIOD - 1) out[i] = Math.sqrt(Math.max(0, sumSquares / PERIOD - (sum / PERIOD) ** 2));
  }
  return out;
}

describe.each(SERIES)('bollinger sigma on $name', ({ values }) => {
  const reference = referencePopulationStd(values, PERIOD);
  const from = PERIOD - 1;

  it('matches the two-pass population sigma to 1e-9 on every bar', () => {
    const { sigma } = sigmaAndMean(values);
    const { error, index } = maxRelativeError(sigma.subarray(from), reference.slice(from), 1e-300);
    expect(error, `worst at bar ${index + from}`).toBeLessThanOrEqual(1e-9);
  });

  it('has a middle band equal to the two-pass mean to 1e-12', () => {
    const { mean } = sigmaAndMean(values);
    let worst = 0;
    for (let t = from; t < values.length; t++) {
      let total = 0;
      for (let j = t - PERIOD + 1; j <= t; j++) total += values[j];
      worst = Math.max(worst, Math.abs(mean[t] - total / PERIOD) / Math.abs(total / PERIOD));
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  it('where the one-pass E[x^2] - E[x]^2 formula is off by more than 1e-6', () => {
    const { error } = maxRelativeError(onePassSigma(values).subarray(from), reference.slice(from), 1e-300);
    expect(error).toBeGreaterThan(1e-6);
  });
});

describe('bollinger on flat windows', () => {
  it('gives sigma exactly 0 (upper = middle = lower = the price) once a re-anchoring falls in a flat stretch', () => {
    const values = tickWalk(200, 9);
    values.fill(61_234.56, 100, 100 + 3 * PERIOD);
    const { upper, middle, lower } = bollinger(values, PERIOD, 2);
    for (let t = 100 + 2 * PERIOD - 1; t < 100 + 3 * PERIOD; t++) {
      expect([upper[t], middle[t], lower[t]], `bar ${t}`).toEqual([61_234.56, 61_234.56, 61_234.56]);
    }
  });
});
