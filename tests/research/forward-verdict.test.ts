import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/core/index.js';
import { forwardVerdict, type PromisedReturns } from '../../src/research/forward-verdict.js';

const promise: PromisedReturns = { meanReturn: 0.001, stdReturn: 0.01 };
const Z_95 = 1.6448536269514722;

/** Normal per-bar returns with the given mean and the promised volatility. */
function normalRecord(rng: Rng, bars: number, mean: number): Float64Array {
  return Float64Array.from({ length: bars }, () => mean + promise.stdReturn * rng.normal());
}

/**
 * Fat-tailed per-bar returns like a strategy's: flat 60% of the bars, Student-t(5) moves on the others, scaled so
 * the whole series has the given mean and the promised volatility.
 */
function fatRecord(rng: Rng, bars: number, mean: number): Float64Array {
  const active = 0.4;
  const activeStd = Math.sqrt((promise.stdReturn ** 2) / active - (mean ** 2 * (1 - active)) / active ** 2);
  return Float64Array.from({ length: bars }, () => {
    if (rng.next() > active) return 0;
    let chi = 0;
    for (let k = 0; k < 5; k++) chi += rng.normal() ** 2;
    return mean / active + activeStd * (rng.normal() / Math.sqrt(chi / 5)) / Math.sqrt(5 / 3);
  });
}

/** First prefix length (checked every `every` bars, as a loop cycle would) at which the verdict demotes; Infinity if never. */
function firstDemotion(record: Float64Array, every: number): number {
  for (let bars = every; bars <= record.length; bars += every) {
    if (forwardVerdict({ expected: promise, forward: record.subarray(0, bars) }).action === 'demote') return bars;
  }
  return Number.POSITIVE_INFINITY;
}

/** Share of `records` seeded records demoted by 400 and by 2,000 bars. */
function demotionRates(label: string, mean: number, draw: typeof normalRecord, records = 200): { by400: number; by2000: number } {
  let by400 = 0;
  let by2000 = 0;
  for (let seed = 0; seed < records; seed++) {
    const at = firstDemotion(draw(createRng(`${label}-${seed}`), 2000, mean), 10);
    if (at <= 400) by400++;
    if (at <= 2000) by2000++;
  }
  return { by400: by400 / records, by2000: by2000 / records };
}

describe('forwardVerdict: bounds from the formulas', () => {
  it('reports the triple-penance bounds of Bailey & Lopez de Prado: mu 0.001, sigma 0.01 -> 0.06764 and 270.55 bars', () => {
    const verdict = forwardVerdict({ expected: promise, forward: [] });
    expect(verdict.maxDrawdownBound).toBeCloseTo((Z_95 * 0.01) ** 2 / (4 * 0.001), 12);
    expect(verdict.maxDrawdownBound).toBeCloseTo(0.06764, 5);
    expect(verdict.timeUnderWaterBound).toBeCloseTo(270.55, 2);
    // The time-uniform loss limit sigma^2 ln(1/alpha) / (2 mu), and MinTRL = 1 + (1 + (g4 - 1)/4 SR^2) (z / SR)^2
    // for normal returns (g3 = 0, g4 = 3).
    expect(verdict.lossLimit).toBeCloseTo((0.0001 * Math.log(20)) / 0.002, 12);
    expect(verdict.minTrackRecordLength).toBeCloseTo(1 + (1 + 0.5 * 0.01) * (Z_95 / 0.1) ** 2, 9);
    expect(verdict.action).toBe('wait');
  });

  it('waits while the record is shorter than its MinTRL, then keeps a record that delivers the promise', () => {
    const steady = new Float64Array(400).map((_, i) => (i % 2 === 0 ? 0.011 : -0.009));
    expect(forwardVerdict({ expected: promise, forward: steady.subarray(0, 270) })).toMatchObject({ action: 'wait' });
    const kept = forwardVerdict({ expected: promise, forward: steady });
    expect(kept.action).toBe('keep');
    expect(kept.reasons).toEqual([]);
    expect(kept.psr).toBeGreaterThan(0.4);
  });
});

describe('forwardVerdict: a planted crash is demoted on the bar the loss limit is crossed', () => {
  it('demotes a steady loss on the first bar it is beyond sigma^2 ln(1/alpha) / (2 mu), even before MinTRL', () => {
    const losing = new Float64Array(200).fill(-0.002); // the limit 0.14979 is crossed at bar 75 (75 x 0.2% = 15%)
    expect(forwardVerdict({ expected: promise, forward: losing.subarray(0, 74) }).action).toBe('wait');
    const demoted = forwardVerdict({ expected: promise, forward: losing.subarray(0, 75) });
    expect(demoted.action).toBe('demote');
    expect(demoted.reasons[0]).toMatch(/fell 15\.00% below its level at promotion \(now -15\.00%\), beyond the 14\.98%/);
  });

  it('demotes a crash from a record that was doing well, on the crash bar and not before', () => {
    const record = new Float64Array(150).fill(0.001);
    record[100] = -0.3; // level 0.1 -> -0.2
    expect(forwardVerdict({ expected: promise, forward: record.subarray(0, 100) }).action).toBe('wait');
    expect(forwardVerdict({ expected: promise, forward: record.subarray(0, 101) }).action).toBe('demote');
  });
});

describe('forwardVerdict: calibrated by simulation on fixed seeds, checked every 10 bars as a loop would', () => {
  it.each([
    ['normal', normalRecord],
    ['fat-tailed', fatRecord],
  ] as const)('demotes at most 10%% of %s records drawn from the promised distribution, by 400 and by 2,000 bars', (label, draw) => {
    const rates = demotionRates(`keep-${label}`, promise.meanReturn, draw);
    expect(rates.by400).toBeLessThanOrEqual(0.1);
    expect(rates.by2000).toBeLessThanOrEqual(0.1);
  });

  it.each([
    ['normal', normalRecord],
    ['fat-tailed', fatRecord],
  ] as const)('demotes at least 90%% of %s records whose edge is gone (mean 0) by 2,000 bars', (label, draw) => {
    expect(demotionRates(`gone-${label}`, 0, draw).by2000).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['normal', normalRecord],
    ['fat-tailed', fatRecord],
  ] as const)('demotes at least 90%% of %s losing records (mean -mu) by 400 bars', (label, draw) => {
    expect(demotionRates(`losing-${label}`, -promise.meanReturn, draw).by400).toBeGreaterThanOrEqual(0.9);
  });
});

describe('forwardVerdict: inputs', () => {
  it('demotes at once when the backtest promised no positive mean', () => {
    expect(forwardVerdict({ expected: { meanReturn: -0.0001, stdReturn: 0.01 }, forward: [0.01] })).toMatchObject({ action: 'demote' });
  });

  it.each([
    [{ expected: { meanReturn: 0.001, stdReturn: 0 }, forward: [] }, /stdReturn must be > 0/],
    [{ expected: { meanReturn: Number.NaN, stdReturn: 0.01 }, forward: [] }, /meanReturn must be finite/],
    [{ expected: promise, forward: [0.01, Number.NaN] }, /forward return 1 is NaN/],
    [{ expected: promise, forward: [], alpha: 0.7 }, /alpha must be in/],
  ])('refuses %o', (input, message) => {
    expect(() => forwardVerdict(input)).toThrow(message);
  });
});
