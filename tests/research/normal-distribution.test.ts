import { describe, expect, it } from 'vitest';
import { inverseNormalCdf, normalCdf, normalPdf } from '../../src/research/normal-distribution.js';

// Reference values from mpmath at 40 digits.
const CDF_TABLE: [number, number][] = [
  [-20, 2.7536241186062337e-89],
  [-10, 7.619853024160527e-24],
  [-8, 6.220960574271785e-16],
  [-5, 2.866515718791939e-7],
  [-3, 0.0013498980316300946],
  [-2, 0.02275013194817921],
  [-1, 0.15865525393145705],
  [-0.5, 0.3085375387259869],
  [0, 0.5],
  [0.3, 0.6179114221889527],
  [1, 0.8413447460685429],
  [2, 0.9772498680518208],
  [5, 0.9999997133484281],
];

describe('normalCdf', () => {
  it.each(CDF_TABLE)('Phi(%d) matches the reference to 1e-13 relative', (x, expected) => {
    expect(Math.abs(normalCdf(x) - expected) / expected).toBeLessThan(1e-13);
  });

  it('is symmetric: Phi(x) + Phi(-x) = 1', () => {
    for (const x of [0.1, 0.66, 0.7, 1.5, 3.2, 5.6, 6]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });

  it('saturates to 0 and 1 far in the tails and propagates NaN', () => {
    expect(normalCdf(-50)).toBe(0);
    expect(normalCdf(50)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });

  it('has the standard normal density as its slope', () => {
    for (const x of [-2, -0.4, 0, 1.3]) {
      const h = 1e-5;
      expect((normalCdf(x + h) - normalCdf(x - h)) / (2 * h)).toBeCloseTo(normalPdf(x), 9);
    }
  });
});

describe('inverseNormalCdf', () => {
  it.each([
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.95, 1.6448536269514722],
    [0.99, 2.3263478740408408],
    [0.001, -3.090232306167813],
    [1e-10, -6.361340902404056],
  ])('invPhi(%d) = %d', (p, expected) => {
    expect(inverseNormalCdf(p)).toBeCloseTo(expected, 13);
  });

  it('inverts normalCdf across the whole range', () => {
    for (const x of [-8, -5, -2.5, -1, -0.2, 0.4, 1.7, 3, 6]) {
      expect(inverseNormalCdf(normalCdf(x))).toBeCloseTo(x, x > 5 ? 6 : 11);
    }
  });

  it('maps 0 and 1 to infinities and rejects values outside [0, 1]', () => {
    expect(inverseNormalCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(inverseNormalCdf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => inverseNormalCdf(1.2)).toThrow(RangeError);
    expect(() => inverseNormalCdf(Number.NaN)).toThrow(/probability in \[0, 1\]/);
  });
});
