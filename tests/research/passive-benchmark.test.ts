import { describe, expect, it } from 'vitest';
import { passiveBenchmark, rangeBetas, splitWalkForward } from '../../src/research/index.js';
import { randomWalkCandles } from './_synthetic-candles.js';

const candles = randomWalkCandles(1200, 11, 0.003, 0.0005);
const { windows } = splitWalkForward({ bars: 1200, isBars: 200, oosBars: 200, stepBars: 200, embargoBars: 0 });
const oosRanges = windows.map((w) => ({ start: w.oosStart, end: w.oosEnd }));
const isRanges = windows.map((w) => ({ start: w.isStart, end: w.isEnd }));

/** Per-bar returns of holding `position` (+1 long, -1 short, 0.5 half long...) on every bar of `ranges`. */
function holdingReturns(ranges: typeof oosRanges, position: (bar: number) => number): Float64Array {
  const returns: number[] = [];
  for (const range of ranges) {
    for (let bar = range.start + 1; bar < range.end; bar++) returns.push(position(bar) * (candles.close[bar] / candles.close[bar - 1] - 1));
  }
  return Float64Array.from(returns);
}

describe('rangeBetas', () => {
  it.each([
    ['buy and hold', 1],
    ['half long', 0.5],
    ['short', -1],
  ])('measures the position of a %s holder as its beta in every range', (_label, position) => {
    const betas = rangeBetas(candles, isRanges, holdingReturns(isRanges, () => position));
    expect(betas).toHaveLength(windows.length);
    for (const beta of betas) expect(beta).toBeCloseTo(position, 10);
  });

  it('gives beta 0 to a strategy that is flat', () => {
    expect(rangeBetas(candles, isRanges, new Float64Array(holdingReturns(isRanges, () => 0).length)).every((beta) => beta === 0)).toBe(true);
  });
});

describe('passiveBenchmark', () => {
  it('explains all of a constant holding as passive when its IS beta is that position: no active return', () => {
    const returns = holdingReturns(oosRanges, () => 0.5);
    const result = passiveBenchmark(candles, oosRanges, returns, windows.map(() => 0.5));
    for (const x of result.excessReturns) expect(Math.abs(x)).toBeLessThan(1e-12);
    const marketSum = holdingReturns(oosRanges, () => 1).reduce((a, b) => a + b, 0);
    expect(result.windowPassive.reduce((a, b) => a + b, 0)).toBeCloseTo(0.5 * marketSum, 10);
  });

  it("does not explain away a strategy that fades each window's trend: its loss stays active with an IS beta", () => {
    // Short through every rising window, long through every falling one: it loses in each window. A beta fitted on
    // those same bars calls the loss "negative exposure" and leaves nothing active; the beta from before the window
    // (flat here) keeps the loss where it belongs.
    const direction = oosRanges.map((range) => Math.sign(candles.close[range.end - 1] - candles.close[range.start]));
    const windowOf = (bar: number) => oosRanges.findIndex((range) => bar > range.start && bar < range.end);
    const returns = holdingReturns(oosRanges, (bar) => -direction[windowOf(bar)]);
    const hindsight = passiveBenchmark(candles, oosRanges, returns, rangeBetas(candles, oosRanges, returns));
    const honest = passiveBenchmark(candles, oosRanges, returns, windows.map(() => 0));
    for (let w = 0; w < windows.length; w++) {
      expect(Math.abs(hindsight.windowExcess[w])).toBeLessThan(1e-12);
      expect(honest.windowExcess[w]).toBeLessThan(0);
    }
  });

  it('keeps the return of perfect timing as active: being long only on up bars is skill, not drift', () => {
    const returns = holdingReturns(oosRanges, (bar) => (candles.close[bar] > candles.close[bar - 1] ? 1 : 0));
    const result = passiveBenchmark(candles, oosRanges, returns, rangeBetas(candles, isRanges, holdingReturns(isRanges, () => 0.5)));
    expect(result.windowExcess.every((x) => x > 0)).toBe(true);
  });

  it('refuses returns that do not line up with the ranges, naming what to pass', () => {
    expect(() => passiveBenchmark(candles, oosRanges, new Float64Array(10), windows.map(() => 0))).toThrow(/StitchedRun\.barReturns/);
    expect(() => passiveBenchmark(candles, oosRanges, holdingReturns(oosRanges, () => 1), [1])).toThrow(/1 betas for 5 ranges/);
  });
});
