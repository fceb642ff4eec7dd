import { describe, expect, it } from 'vitest';
import {
  deflatedSharpe,
  expectedMaxSharpe,
  minTrackRecordLength,
  probabilisticSharpe,
} from '../../src/research/deflated-sharpe.js';
import { normalCdf } from '../../src/research/normal-distribution.js';

describe('deflatedSharpe', () => {
  // Bailey & Lopez de Prado (2014), section "A numerical example".
  const paperExample = {
    sr: 2.5,
    annualised: true,
    periodsPerYear: 250,
    observations: 1250,
    skewness: -3,
    kurtosis: 10,
    trials: 100,
    trialSharpeVariance: 0.5,
  } as const;

  it('reproduces the worked example of the paper: SR0 = 0.1132 per period, DSR = 0.9004', () => {
    const result = deflatedSharpe(paperExample);
    expect(result.sr0).toBeCloseTo(0.1132, 4);
    expect(result.dsr).toBeCloseTo(0.9004, 4);
    expect(result.sr).toBeCloseTo(2.5 / Math.sqrt(250), 12);
  });

  it('gives the same answer for per-period inputs as for their annualised form', () => {
    const perPeriod = deflatedSharpe({
      ...paperExample,
      annualised: undefined,
      periodsPerYear: undefined,
      sr: 2.5 / Math.sqrt(250),
      trialSharpeVariance: 0.5 / 250,
    });
    expect(perPeriod.dsr).toBeCloseTo(deflatedSharpe(paperExample).dsr, 12);
  });

  it('falls as more combos are tried', () => {
    const dsrs = [1, 10, 100, 1000].map((trials) => deflatedSharpe({ ...paperExample, trials }).dsr);
    for (let i = 1; i < dsrs.length; i++) expect(dsrs[i]).toBeLessThan(dsrs[i - 1]);
  });

  it('rejects an evidently annualised Sharpe with a message that says how to fix it', () => {
    expect(() => deflatedSharpe({ ...paperExample, annualised: false })).toThrow(
      /pass a per-period Sharpe or set annualised/,
    );
    expect(() => deflatedSharpe({ ...paperExample, periodsPerYear: undefined })).toThrow(/periodsPerYear/);
  });
});

describe('expectedMaxSharpe', () => {
  it.each([
    [10, 1.5746],
    [100, 2.5306],
    [1000, 3.2551],
  ])('of %d unit-variance trials is %d', (trials, expected) => {
    expect(expectedMaxSharpe({ trials, trialSharpeVariance: 1 })).toBeCloseTo(expected, 4);
  });

  it('scales with the standard deviation of the trial Sharpes and is 0 for a single trial', () => {
    const unit = expectedMaxSharpe({ trials: 50, trialSharpeVariance: 1 });
    expect(expectedMaxSharpe({ trials: 50, trialSharpeVariance: 0.0004 })).toBeCloseTo(0.02 * unit, 14);
    expect(expectedMaxSharpe({ trials: 1, trialSharpeVariance: 0.01 })).toBe(0);
  });

  it.each([
    [{ trials: 0, trialSharpeVariance: 0.01 }, /trials must be at least 1/],
    [{ trials: 10, trialSharpeVariance: -1 }, /trialSharpeVariance/],
    [{ trials: 10, trialSharpeVariance: 4 }, /set annualised/],
  ])('rejects invalid input %o', (input, message) => {
    expect(() => expectedMaxSharpe(input)).toThrow(message);
  });
});

describe('probabilisticSharpe', () => {
  it('is one half when the Sharpe equals its benchmark', () => {
    expect(probabilisticSharpe({ sr: 0.1, benchmarkSr: 0.1, observations: 500, skewness: -1, kurtosis: 6 })).toBe(0.5);
  });

  it('matches a direct evaluation of the formula', () => {
    const sr = 0.08;
    const expected = normalCdf(((sr - 0.02) * Math.sqrt(299)) / Math.sqrt(1 + 0.5 * sr + (7 / 4) * sr * sr));
    expect(probabilisticSharpe({ sr, benchmarkSr: 0.02, observations: 300, skewness: -0.5, kurtosis: 8 })).toBeCloseTo(
      expected,
      15,
    );
  });

  it('is symmetric around the benchmark for normal returns', () => {
    const above = probabilisticSharpe({ sr: 0.05, observations: 400, skewness: 0, kurtosis: 3 });
    const below = probabilisticSharpe({ sr: -0.05, observations: 400, skewness: 0, kurtosis: 3 });
    expect(above + below).toBeCloseTo(1, 14);
  });

  it('is lower for negatively skewed, fat-tailed returns than for normal ones', () => {
    const normal = probabilisticSharpe({ sr: 0.1, observations: 250, skewness: 0, kurtosis: 3 });
    const fatTailed = probabilisticSharpe({ sr: 0.1, observations: 250, skewness: -2, kurtosis: 12 });
    expect(fatTailed).toBeLessThan(normal);
  });

  it.each([
    [{ sr: 0.1, observations: 1, skewness: 0, kurtosis: 3 }, /observations must be at least 2/],
    [{ sr: 0.1, observations: 100, skewness: 0, kurtosis: 0 }, /RAW kurtosis/],
    [{ sr: 1.8, observations: 100, skewness: 0, kurtosis: 3 }, /pass a per-period Sharpe or set annualised/],
    [{ sr: 0.5, observations: 100, skewness: 3, kurtosis: 1.5 }, /at least skewness\^2 \+ 1/],
  ])('rejects invalid input %o', (input, message) => {
    expect(() => probabilisticSharpe(input)).toThrow(message);
  });
});

describe('minTrackRecordLength', () => {
  it.each([
    { sr: 0.1, benchmarkSr: 0, skewness: 0, kurtosis: 3, confidence: 0.95 },
    { sr: 0.05, benchmarkSr: 0.01, skewness: -2, kurtosis: 9, confidence: 0.99 },
    { sr: 0.2, benchmarkSr: 0.1, skewness: 0.5, kurtosis: 4, confidence: 0.9 },
  ])('gives a track record at which PSR equals the confidence: %o', (input) => {
    const observations = minTrackRecordLength(input);
    expect(probabilisticSharpe({ ...input, observations })).toBeCloseTo(input.confidence, 12);
  });

  it('needs 1 + (z/SR)^2 observations for normal returns at a small Sharpe', () => {
    const sr = 0.1;
    const expected = 1 + (1 + sr * sr * 0.5) * (1.6448536269514722 / sr) ** 2;
    expect(minTrackRecordLength({ sr, skewness: 0, kurtosis: 3 })).toBeCloseTo(expected, 9);
  });

  it('is infinite when the Sharpe does not beat the benchmark', () => {
    expect(minTrackRecordLength({ sr: 0.05, benchmarkSr: 0.05, skewness: 0, kurtosis: 3 })).toBe(Infinity);
  });

  it('converts an annualised Sharpe when told to', () => {
    const annual = minTrackRecordLength({ sr: 2, annualised: true, periodsPerYear: 365, skewness: 0, kurtosis: 3 });
    const perDay = minTrackRecordLength({ sr: 2 / Math.sqrt(365), skewness: 0, kurtosis: 3 });
    expect(annual).toBeCloseTo(perDay, 9);
  });
});
