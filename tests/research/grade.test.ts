import { describe, expect, it } from 'vitest';
import { scoreCandidate, type CandidateCriteria } from '../../src/research/grade.js';
import { GradingConfigSchema } from '../../src/research/grading-config.js';

const perfect: CandidateCriteria = {
  oosTStat: 4,
  consistency: 1,
  oosIsRatio: 1,
  dsr: 0.99,
  monteCarlo: { pValue: 0.001, underpowered: false },
  pbo: 0.05,
  stability: 1,
  costStress: 1,
  oosTrades: 200,
  netReturn: 0.2,
  exposure: 0.3,
};

// Only the OOS t-statistic counts, with points = 100 * value: the score equals 100 * oosTStat.
const sharpeOnly = GradingConfigSchema.parse({
  weights: { oosTStat: 1, consistency: 0, oosIsRatio: 0, dsr: 0, monteCarlo: 0, pbo: 0, stability: 0, costStress: 0 },
  thresholds: { oosTStat: { zero: 0, full: 1 } },
  evidence: { full_trades: 1, full_exposure: 0.001 },
});
// Evidence scaling off, to look at the trade caps alone.
const unscaled = GradingConfigSchema.parse({ evidence: { full_trades: 1, full_exposure: 0.001 } });
const points = (criteria: CandidateCriteria, name: string) => scoreCandidate(criteria).breakdown.find((entry) => entry.criterion === name)!;

describe('scoreCandidate', () => {
  it('gives 100 points and an A to a candidate that reaches every full threshold', () => {
    const report = scoreCandidate(perfect);
    expect(report.score).toBeCloseTo(100, 6);
    expect(report.grade).toBe('A');
    expect(report.caps).toEqual([]);
    expect(report.breakdown.every((entry) => entry.met && entry.points === entry.maxPoints)).toBe(true);
  });

  it.each([
    [0.9, 'A'],
    [0.8999, 'B'],
    [0.8, 'B'],
    [0.7999, 'C'],
    [0.7, 'C'],
    [0.6999, 'D'],
    [0.6, 'D'],
    [0.5999, 'F'],
    [0.001, 'F'],
  ] as const)('grades a score of 100 x %d as %s', (oosTStat, grade) => {
    expect(scoreCandidate({ ...perfect, oosTStat }, sharpeOnly).grade).toBe(grade);
  });

  it('makes the breakdown points add up to the score, with weights normalised to 100', () => {
    const report = scoreCandidate({
      ...perfect,
      oosTStat: 1.3,
      consistency: 0.55,
      dsr: 0.7,
      monteCarlo: { pValue: 0.08, underpowered: false },
      stability: null,
    });
    const points = report.breakdown.reduce((sum, entry) => sum + entry.points, 0);
    const maxPoints = report.breakdown.reduce((sum, entry) => sum + entry.maxPoints, 0);
    expect(points).toBeCloseTo(report.score, 5);
    expect(maxPoints).toBeCloseTo(100, 5);
    const weights = GradingConfigSchema.parse({ weights: { dsr: 60 } });
    const reweighted = scoreCandidate(perfect, weights).breakdown;
    expect(reweighted.reduce((sum, entry) => sum + entry.maxPoints, 0)).toBeCloseTo(100, 5);
  });

  it('maps each value linearly between its zero and full thresholds, also when lower is better', () => {
    const report = scoreCandidate({ ...perfect, oosTStat: 1.5, monteCarlo: { pValue: 0.105, underpowered: false } });
    const sharpe = report.breakdown.find((entry) => entry.criterion === 'oosTStat')!;
    const monteCarlo = report.breakdown.find((entry) => entry.criterion === 'monteCarlo')!;
    expect(sharpe.points).toBeCloseTo(sharpe.maxPoints / 2, 5); // halfway from 0 to 3
    expect(sharpe.met).toBe(false); // pass = 2
    expect(monteCarlo.points).toBeCloseTo(monteCarlo.maxPoints / 2, 5); // halfway from 0.2 down to 0.01
    expect(monteCarlo.met).toBe(false); // pass = 0.05
  });

  it.each([
    [0.7, 1, undefined],
    [1, 1, undefined],
    [1.4, 1 / 1.4 / 0.7, /OOS better than IS by 1\.40x/],
    [2, 0.5 / 0.7, /OOS better than IS by 2\.00x/],
    [3.5, 1 / 3.5 / 0.7, /OOS better than IS by 3\.50x/],
  ] as const)('scores an OOS/IS ratio of %d as its inverse above 1 (share of points %d)', (oosIsRatio, share, note) => {
    const entry = scoreCandidate({ ...perfect, oosIsRatio }).breakdown.find((item) => item.criterion === 'oosIsRatio')!;
    expect(entry.points).toBeCloseTo(entry.maxPoints * Math.min(1, share), 5);
    expect(entry.value).toBe(oosIsRatio);
    if (note) expect(entry.note).toMatch(note);
    else expect(entry.note).toBeUndefined();
  });

  it.each([
    ['beat nothing (oosTStat 0)', { oosTStat: 0 }, /did not beat its passive benchmark/],
    ['lost to its benchmark (oosTStat -1.2)', { oosTStat: -1.2 }, /did not beat its passive benchmark/],
    ['no t-statistic', { oosTStat: null }, /did not beat its passive benchmark/],
    ['lost money (net return -3.6%) with a positive t', { netReturn: -0.036, oosTStat: 3.17 }, /did not make money/],
    ['made nothing', { netReturn: 0 }, /did not make money/],
  ] as const)('gives no criterion any point when the record %s', (_label, change, note) => {
    const report = scoreCandidate({ ...perfect, ...change, monteCarlo: { pValue: null, underpowered: true } });
    expect(report.score).toBe(0);
    expect(report.grade).toBe('F');
    for (const entry of report.breakdown) {
      expect(entry.points).toBe(0);
      expect(entry.note).toMatch(note);
    }
  });

  it.each([
    [13, 0.002, (13 / 30) * (0.002 / 0.02)],
    [13, 0.5, 13 / 30],
    [200, 0.01, 0.5],
    [30, 0.02, 1],
  ])('scales the evidence criteria by the record: %i trades at %d exposure earn %d of their points', (oosTrades, exposure, share) => {
    for (const name of ['oosTStat', 'dsr', 'monteCarlo']) {
      const entry = points({ ...perfect, oosTrades, exposure }, name);
      expect(entry.points).toBeCloseTo(entry.maxPoints * share, 5);
      if (share < 1) expect(entry.note).toMatch(/thin record/);
    }
    expect(points({ ...perfect, oosTrades, exposure }, 'consistency').points).toBeCloseTo(points(perfect, 'consistency').maxPoints, 5);
  });

  it('keeps a thin record of winners (13 trades at 0.2% exposure, huge t) far from full t-stat and DSR points', () => {
    const thin = scoreCandidate({ ...perfect, oosTStat: 9, dsr: 1, oosTrades: 13, exposure: 0.002 });
    for (const name of ['oosTStat', 'dsr']) {
      const entry = thin.breakdown.find((item) => item.criterion === name)!;
      expect(entry.points).toBeLessThan(entry.maxPoints * 0.05);
    }
  });

  it('gives no points for a missing or non-finite value and notes it', () => {
    const report = scoreCandidate({ ...perfect, dsr: null, stability: Number.NaN });
    for (const name of ['dsr', 'stability']) {
      const entry = report.breakdown.find((item) => item.criterion === name)!;
      expect(entry).toMatchObject({ points: 0, met: false, value: null, note: 'missing value: no points' });
    }
  });

  it.each([
    [29, 'C', 'fewer than 30 OOS trades caps the grade at C'],
    [30, 'B', 'fewer than 50 OOS trades caps the grade at B'],
    [49, 'B', 'fewer than 50 OOS trades caps the grade at B'],
    [50, 'A', null],
  ] as const)('caps an A with %d OOS trades at %s and records the cap', (oosTrades, grade, rule) => {
    const report = scoreCandidate({ ...perfect, oosTrades }, unscaled);
    expect(report.grade).toBe(grade);
    expect(report.score).toBeCloseTo(100, 6); // the score is kept, only the grade is capped
    expect(report.caps).toEqual(rule ? [{ rule, trades: oosTrades, from: 'A', to: grade }] : []);
  });

  it('records no cap when the grade is already at or below it', () => {
    const report = scoreCandidate({ ...perfect, oosTStat: 0.65, oosTrades: 10 }, sharpeOnly);
    expect(report.grade).toBe('D');
    expect(report.caps).toEqual([]);
  });
});

describe('GradingConfigSchema', () => {
  it('fills every default from an empty block and merges partial overrides', () => {
    const config = GradingConfigSchema.parse({ weights: { dsr: 40 }, thresholds: { dsr: { full: 0.99 } } });
    expect(config.weights).toMatchObject({ oosTStat: 20, dsr: 40, pbo: 10 });
    expect(config.evidence).toEqual({ full_trades: 30, full_exposure: 0.02 });
    expect(config.thresholds.dsr).toEqual({ zero: 0.5, full: 0.99, pass: 0.9 });
    expect(config.gradeBoundaries).toEqual({ A: 90, B: 80, C: 70, D: 60 });
    expect(config.tradeCaps).toEqual([
      { below: 30, maxGrade: 'C' },
      { below: 50, maxGrade: 'B' },
    ]);
  });

  it.each([
    [{ thresholds: { dsr: { zero: 0.5, full: 0.5 } } }, 'thresholds.dsr.full'],
    [{ weights: { oosTStat: -1 } }, 'weights.oosTStat'],
    [{ weights: { oosSharpe: 25 } }, 'weights'],
    [{ weights: { sharpe: 3 } }, 'weights'],
    [{ gradeBoundaries: { A: 70, B: 80 } }, 'gradeBoundaries'],
  ])('rejects %o at %s', (input, path) => {
    const result = GradingConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
