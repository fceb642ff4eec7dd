import { describe, expect, it } from 'vitest';
import { passiveBenchmark, splitWalkForward } from '../../src/research/index.js';
import { randomWalkCandles } from './_synthetic-candles.js';

const candles = randomWalkCandles(1200, 11, 0.003, 0.0005);
const { windows } = splitWalkForward({ bars: 1200, isBars: 200, oosBars: 200, stepBars: 200, embargoBars: 0 });

/** Per-bar returns of holding `position` (+1 long, -1 short, 0.5 half long...) on every OOS bar. */
function holdingReturns(position: (bar: number) => number): Float64Array {
  const returns: number[] = [];
  for (const w of windows) {
    for (let bar = w.oosStart + 1; bar < w.oosEnd; bar++) returns.push(position(bar) * (candles.close[bar] / candles.close[bar - 1] - 1));
  }
  return Float64Array.from(returns);
}

describe('passiveBenchmark', () => {
  it.each([
    ['buy and hold', 1],
    ['half long', 0.5],
    ['short', -1],
  ])('explains all of a %s return as passive: beta = the position, no active return', (_label, position) => {
    const result = passiveBenchmark(candles, windows, holdingReturns(() => position));
    expect(result.betas).toHaveLength(windows.length);
    for (const beta of result.betas) expect(beta).toBeCloseTo(position, 10);
    for (const x of result.excessReturns) expect(Math.abs(x)).toBeLessThan(1e-12);
    const marketSum = holdingReturns(() => 1).reduce((a, b) => a + b, 0);
    expect(result.windowPassive.reduce((a, b) => a + b, 0)).toBeCloseTo(position * marketSum, 10);
  });

  it('keeps the return of perfect timing as active: being long only on up bars is skill, not drift', () => {
    const barReturns = holdingReturns((bar) => (candles.close[bar] > candles.close[bar - 1] ? 1 : 0));
    const result = passiveBenchmark(candles, windows, barReturns);
    expect(result.windowExcess.every((x) => x > 0)).toBe(true);
  });

  it('gives beta 0 and keeps every return for a strategy that is flat', () => {
    const result = passiveBenchmark(candles, windows, new Float64Array(holdingReturns(() => 0).length));
    expect(result.betas.every((beta) => beta === 0)).toBe(true);
    expect(result.windowExcess.every((x) => x === 0)).toBe(true);
  });

  it('refuses returns that do not line up with the windows, naming what to pass', () => {
    expect(() => passiveBenchmark(candles, windows, new Float64Array(10))).toThrow(/OutOfSampleRun\.barReturns/);
  });
});
