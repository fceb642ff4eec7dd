/**
 * Score (0-100) and grade (A-F) of a candidate from its anti-overfitting criteria. Each criterion earns
 * points linearly between its `zero` and `full` thresholds, times its weight; weights are normalised to sum
 * to 100, so the breakdown's points add up to the score. Trade-count caps then limit the grade.
 */
import {
  GRADES,
  GRADING_CRITERIA,
  GradingConfigSchema,
  type Grade,
  type GradingConfig,
  type GradingCriterion,
} from './grading-config.js';

export interface CandidateCriteria {
  /** t-statistic of the per-bar active OOS returns (strategy minus passive benchmark): SR_bar x sqrt(T). */
  oosTStat: number | null;
  /** Share of walk-forward windows whose OOS active return is positive, 0-1. */
  consistency: number | null;
  /** OOS Sharpe / IS Sharpe (a ratio above 1 is scored as its inverse). */
  oosIsRatio: number | null;
  /** Deflated Sharpe probability, 0-1. */
  dsr: number | null;
  /** Monte Carlo result: p-value, or underpowered (too few trades for a p-value). */
  monteCarlo: { pValue: number | null; underpowered: boolean } | null;
  /** Neighbour stability score, 0-1. */
  stability: number | null;
  /** Share of the OOS return kept under doubled costs. */
  costStress: number | null;
  /** Number of OOS trades, for the grade caps. */
  oosTrades: number;
}

export interface CriterionPoints {
  criterion: GradingCriterion;
  value: number | null;
  points: number;
  maxPoints: number;
  threshold: { zero: number; full: number; pass: number };
  /** The value reaches the `pass` threshold. */
  met: boolean;
  /** Why the points differ from the linear rule: a missing value, or an underpowered Monte Carlo. */
  note?: string;
}

export interface GradeCap {
  rule: string;
  trades: number;
  from: Grade;
  to: Grade;
}

export interface GradeReport {
  score: number;
  grade: Grade;
  breakdown: CriterionPoints[];
  /** Caps that lowered the grade (at most one: the tightest). */
  caps: GradeCap[];
}

const roundPoints = (value: number): number => Math.round(value * 1e6) / 1e6;

function reaches(value: number, target: number, zero: number, full: number): boolean {
  return full > zero ? value >= target : value <= target;
}

function criterionPoints(
  criterion: GradingCriterion,
  criteria: CandidateCriteria,
  maxPoints: number,
  config: GradingConfig,
): CriterionPoints {
  const threshold = config.thresholds[criterion];
  const { zero, full, pass } = threshold;
  const base = { criterion, maxPoints: roundPoints(maxPoints), threshold };
  if (criterion === 'monteCarlo' && criteria.monteCarlo?.underpowered) {
    const credit = config.underpoweredCredit;
    const note = `underpowered Monte Carlo (too few trades for a p-value): ${Math.round(credit * 100)}% of the points`;
    return { ...base, value: null, points: roundPoints(credit * maxPoints), met: false, note };
  }
  const raw = criterion === 'monteCarlo' ? (criteria.monteCarlo?.pValue ?? null) : criteria[criterion];
  if (raw === null || !Number.isFinite(raw)) {
    return { ...base, value: null, points: 0, met: false, note: 'missing value: no points' };
  }
  if (ROBUSTNESS_CRITERIA.has(criterion) && !(criteria.oosTStat !== null && criteria.oosTStat > 0)) {
    return { ...base, value: raw, points: 0, met: false, note: 'no OOS edge over the passive benchmark (oosTStat <= 0): nothing to be robust about, no points' };
  }
  const scored = criterion === 'oosIsRatio' && raw > 1 ? 1 / raw : raw;
  const fraction = Math.min(1, Math.max(0, (scored - zero) / (full - zero)));
  const entry: CriterionPoints = { ...base, value: raw, points: roundPoints(fraction * maxPoints), met: reaches(scored, pass, zero, full) };
  if (scored !== raw) entry.note = `OOS better than IS by ${raw.toFixed(2)}x is scored as ${scored.toFixed(2)} (suspect luck or leakage, not a bonus)`;
  return entry;
}

/**
 * Criteria that measure how robust an edge is (neighbour stability, cost stress). Without an edge they are
 * meaningless: a combo that never trades is perfectly "stable". They earn points only when oosTStat > 0.
 */
const ROBUSTNESS_CRITERIA: ReadonlySet<GradingCriterion> = new Set(['stability', 'costStress']);

function gradeOf(score: number, config: GradingConfig): Grade {
  const boundaries = config.gradeBoundaries;
  for (const grade of ['A', 'B', 'C', 'D'] as const) if (score >= boundaries[grade]) return grade;
  return 'F';
}

const worse = (a: Grade, b: Grade): Grade => (GRADES.indexOf(a) >= GRADES.indexOf(b) ? a : b);

/** The tightest trade-count cap that lowers `grade`, or null. */
function tightestCap(grade: Grade, trades: number, config: GradingConfig): GradeCap | null {
  let capped = grade;
  let binding: { below: number; maxGrade: Grade } | null = null;
  for (const cap of config.tradeCaps) {
    if (trades < cap.below && worse(capped, cap.maxGrade) !== capped) {
      capped = cap.maxGrade;
      binding = cap;
    }
  }
  if (!binding) return null;
  const rule = `fewer than ${binding.below} OOS trades caps the grade at ${binding.maxGrade}`;
  return { rule, trades, from: grade, to: capped };
}

/**
 * Scores a candidate. `config` is a parsed {@link GradingConfigSchema} (defaults when omitted; thresholds are
 * documented on GRADING_DEFAULTS). A missing criterion value earns no points; an underpowered Monte Carlo earns
 * `underpoweredCredit` of its points; an OOS/IS ratio r > 1 is scored as 1 / r; stability and cost stress earn
 * nothing without an edge (oosTStat <= 0).
 * Grades: A >= 90, B >= 80, C >= 70, D >= 60, else F; fewer than 30 OOS trades caps at C, fewer than 50 at B.
 */
export function scoreCandidate(criteria: CandidateCriteria, config: GradingConfig = GradingConfigSchema.parse({})): GradeReport {
  let weightSum = 0;
  for (const criterion of GRADING_CRITERIA) weightSum += config.weights[criterion];
  const breakdown = GRADING_CRITERIA.map((criterion) =>
    criterionPoints(criterion, criteria, (100 * config.weights[criterion]) / weightSum, config),
  );
  let total = 0;
  for (const entry of breakdown) total += entry.points;
  const score = roundPoints(total);
  const uncapped = gradeOf(score, config);
  const cap = tightestCap(uncapped, criteria.oosTrades, config);
  return { score, grade: cap ? cap.to : uncapped, breakdown, caps: cap ? [cap] : [] };
}
