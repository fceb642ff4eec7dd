import { describe, expect, it } from 'vitest';
import { CANDLE_COLUMNS, allocateCandles, sliceCandles } from '../../src/core/index.js';
import { CONTRACT_CASES, asOutputs, type Outputs } from './_contract-cases.js';
import { firstFiniteIndex, syntheticCandles } from './_candle-fixtures.js';

const LENGTH = 600;
const candles = syntheticCandles(LENGTH);

describe.each(CONTRACT_CASES)('indicator contract: $name', ({ firstValue, compute }) => {
  const full = asOutputs(compute(candles));

  it('returns one value per candle for every output', () => {
    expect(Object.keys(full).sort()).toEqual(Object.keys(firstValue).sort());
    for (const values of Object.values(full)) expect(values).toHaveLength(LENGTH);
  });

  it('is NaN until warm, then finite on every later bar', () => {
    for (const [output, first] of Object.entries(firstValue)) {
      const values = full[output];
      expect(firstFiniteIndex(values), output).toBe(first);
      expect(values.subarray(0, first).every(Number.isNaN), output).toBe(true);
      expect(values.subarray(first).every(Number.isFinite), output).toBe(true);
    }
  });

  it('writes into the out arrays it is given and returns them', () => {
    const out: Outputs = Object.fromEntries(Object.keys(firstValue).map((key) => [key, new Float64Array(LENGTH).fill(-1)]));
    const result = asOutputs(compute(candles, out));
    for (const key of Object.keys(firstValue)) {
      expect(result[key]).toBe(out[key]);
      expect(result[key]).toEqual(full[key]);
    }
  });

  it('gives the same values on candles in shared memory (the worker transport)', () => {
    const shared = allocateCandles(LENGTH, true);
    for (const column of CANDLE_COLUMNS) shared[column].set(candles[column]);
    const result = asOutputs(compute(shared));
    for (const key of Object.keys(firstValue)) expect(result[key], key).toEqual(full[key]);
  });

  const maxWarmUp = Math.max(...Object.values(firstValue));
  const cuts = [1, 2, maxWarmUp, maxWarmUp + 1, maxWarmUp + 2, 100, 257, LENGTH - 1].filter((k) => k >= 1 && k <= LENGTH);
  it.each(cuts)('gives exactly the first %i values when the data is cut there (no lookahead)', (cut) => {
    const prefix = asOutputs(compute(sliceCandles(candles, 0, cut)));
    for (const key of Object.keys(firstValue)) expect(prefix[key], key).toEqual(full[key].subarray(0, cut));
  });

  it('is all NaN on a series shorter than its warm-up', () => {
    if (maxWarmUp === 0) return;
    const short = asOutputs(compute(sliceCandles(candles, 0, maxWarmUp)));
    for (const [key, first] of Object.entries(firstValue)) {
      expect(short[key].subarray(0, Math.min(first, maxWarmUp)).every(Number.isNaN), key).toBe(true);
    }
  });
});
