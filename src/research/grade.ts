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
  /** t-statistic of the per-bar active OOS returns (strategy minus passive benchmark): (SR - SR_passive) x sqrt(T). */
  oosTStat: number | null;
  /** Share of walk-forward windows whose OOS active return is positive, 0-1. */
  consistency: number | null;
  /** Walk-forward efficiency: OOS Sharpe / IS Sharpe of the record (a ratio above 1 is scored as its inverse). */
  oosIsRatio: number | null;
  /** Deflated Sharpe probability against the family's expected best trial, 0-1. */
  dsr: number | null;
  /** Family-adjusted Monte Carlo p-value, or underpowered (too few trades for the test). */
  monteCarlo: { pValue: number | null; underpowered: boolean } | null;
  /** CSCV probability of backtest overfitting, 0-1. */
  pbo: number | null;
  /** Neighbour stability score, 0-1. */
  stability: number | null;
  /** Share of the OOS return kept under raised costs. */
  costStress: number | null;
  /** OOS trades: for the grade caps and the evidence scale. */
  oosTrades: number;
  /** Net return of the OOS record: a record that lost money earns nothing. */
  netReturn: number;
  /** Share of OOS bars in the market: near-zero exposure is thin evidence. */
  exposure: number;
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

/** Criteria whose points measure the strength of the evidence for an edge: scaled by the record's size. */
const EVIDENCE_CRITERIA: ReadonlySet<GradingCriterion> = new Set(['oosTStat', 'dsr', 'monteCarlo']);

/**
 * Why the record has no edge to grade, or null when it has one: it must have made money AND beaten its passive
 * benchmark (oosTStat > 0). Without an edge no criterion means anything: a combo that never trades is perfectly
 * "stable", and a strategy that lost less than the market did is not worth trading.
 */
export function missingEdge(criteria: CandidateCriteria): string | null {
  if (!(criteria.netReturn > 0)) return 'no edge: the OOS record did not make money, no points';
  if (!(criteria.oosTStat !== null && criteria.oosTStat > 0)) return 'no edge: the OOS record did not beat its passive benchmark (oosTStat <= 0), no points';
  return null;
}

/** min(1, trades / full_trades) x min(1, exposure / full_exposure): the share of full points thin evidence can earn. */
export function evidenceScale(criteria: Pick<CandidateCriteria, 'oosTrades' | 'exposure'>, config: GradingConfig): number {
  const { full_trades: fullTrades, full_exposure: fullExposure } = config.evidence;
  return Math.min(1, criteria.oosTrades / fullTrades) * Math.min(1, Math.max(0, criteria.exposure) / fullExposure);
}

function evidenceNote(scale: number, criteria: CandidateCriteria): string {
  return `thin record (${criteria.oosTrades} trades, ${(criteria.exposure * 100).toFixed(1)}% exposure): ${Math.round(scale * 100)}% of the points`;
}

function criterionPoints(criterion: GradingCriterion, criteria: CandidateCriteria, maxPoints: number, config: GradingConfig): CriterionPoints {
  const threshold = config.thresholds[criterion];
  const { zero, full, pass } = threshold;
  const base = { criterion, maxPoints: roundPoints(maxPoints), threshold };
  const raw = criterion === 'monteCarlo' ? (criteria.monteCarlo?.pValue ?? null) : criteria[criterion];
  const value = raw !== null && Number.isFinite(raw) ? raw : null;
  const noEdge = missingEdge(criteria);
  if (noEdge !== null) return { ...base, value, points: 0, met: false, note: noEdge };
  const scale = EVIDENCE_CRITERIA.has(criterion) ? evidenceScale(criteria, config) : 1;
  if (criterion === 'monteCarlo' && criteria.monteCarlo?.underpowered) {
    const credit = config.underpoweredCredit * scale;
    const note = `underpowered Monte Carlo (too few trades for the test): ${Math.round(credit * 100)}% of the points`;
    return { ...base, value, points: roundPoints(credit * maxPoints), met: false, note };
  }
  if (value === null) return { ...base, value: null, points: 0, met: false, note: 'missing value: no points' };
  const scored = criterion === 'oosIsRatio' && value > 1 ? 1 / value : value;
  const fraction = Math.min(1, Math.max(0, (scored - zero) / (full - zero)));
  const entry: CriterionPoints = { ...base, value, points: roundPoints(fraction * scale * maxPoints), met: reaches(scored, pass, zero, full) };
  const notes: string[] = [];
  if (scored !== value) notes.push(`OOS better than IS by ${value.toFixed(2)}x is scored as ${scored.toFixed(2)} (suspect luck or leakage, not a bonus)`);
  if (scale < 1) notes.push(evidenceNote(scale, criteria));
  if (notes.length > 0) entry.note = notes.join('; ');
  return entry;
}

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
 * documented on GRADING_DEFAULTS). Without an edge (a losing record, or oosTStat <= 0) every criterion earns 0.
 * A missing value earns no points; an underpowered Monte Carlo earns `underpoweredCredit` of its points; oosTStat,
 * dsr and monteCarlo are scaled by the record's evidence (trades, exposure); an OOS/IS ratio r > 1 is scored as 1 / r.
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
