import { describe, expect, it } from 'vitest';
import { parseLossless, stringifyLossless } from '../../../src/workers/queue/evidence-codec.js';

describe('lossless evidence JSON', () => {
  it.each([
    ['NaN', Number.NaN],
    ['+Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['-0', -0],
    ['the smallest subnormal', 5e-324],
    ['a double with 17 significant digits', 0.30000000000000004],
  ])('brings %s back as the same double', (_name, value) => {
    const back = parseLossless(stringifyLossless({ nested: [{ value }] })) as { nested: { value: number }[] };
    expect(Object.is(back.nested[0].value, value)).toBe(true);
  });

  it('keeps strings, booleans, null and key order as plain JSON does', () => {
    const value = { b: 'text', a: [true, null, 'NaN', '-0'], c: { d: 1.5 } };
    expect(stringifyLossless(value)).toBe(JSON.stringify(value));
    expect(parseLossless(stringifyLossless(value))).toEqual(value);
  });

  it('is needed: plain JSON turns NaN into null and -0 into 0', () => {
    const plain = JSON.parse(JSON.stringify({ nan: Number.NaN, zero: -0 })) as { nan: unknown; zero: number };
    expect(plain.nan).toBeNull();
    expect(Object.is(plain.zero, -0)).toBe(false);
  });
});
