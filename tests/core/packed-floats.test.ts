import { describe, expect, it } from 'vitest';
import { packFloats, unpackFloats } from '../../src/core/index.js';

describe('packed floats', () => {
  it('round-trips every double exactly, special values included, from arrays and typed views', () => {
    const values = [0, -0, 1.5, -2.25e-300, Number.MAX_VALUE, Number.MIN_VALUE, Math.PI, 1 / 3, Number.NaN, Infinity, -Infinity];
    expect(Array.from(unpackFloats(packFloats(values)))).toEqual(values);
    const view = new Float64Array([9, 8, 7, 6]).subarray(1, 3);
    expect(Array.from(unpackFloats(packFloats(view)))).toEqual([8, 7]);
    expect(unpackFloats(packFloats([]))).toHaveLength(0);
  });

  it('refuses text that is not a whole number of doubles', () => {
    expect(() => unpackFloats('AAEC')).toThrow(/not a whole number of float64 values/);
  });
});
