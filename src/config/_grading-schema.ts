/**
 * The `grading` block of config/backtest_config.json: weight and linear thresholds of every grading criterion,
 * how much evidence a record needs for full points, credit for an underpowered Monte Carlo, grade boundaries and
 * the trade-count caps. Every key has a default.
 */
import { z } from 'zod';
import { GRADES, type Grade } from './strategies-file.js';

export { GRADES, type Grade };

export const GRADING_CRITERIA = [
  'oosTStat',
  'consistency',
  'oosIsRatio',
  'dsr',
  'monteCarlo',
  'pbo',
  'stability',
  'costStress',
] as const;
export type GradingCriterion = (typeof GRADING_CRITERIA)[number];

interface CriterionDefaults {
  weight: number;
  zero: number;
  full: number;
  pass: number;
}

/**
 * Defaults. Points grow linearly from `zero` to `full` (full < zero for "lower is better", as for p-values and
 * PBO); `pass` is the value a reader should call acceptable (the breakdown's `met`). Every statistic is measured
 * on the walk-forward record: the stitched OOS bars of each window's in-sample choice, never on the bars a choice
 * was made on. Thresholds are in units that do not depend on the timeframe or the sample length.
 * - oosTStat: t-statistic of the record's per-bar edge over the passive benchmark (its IS exposure x the market):
 *   (SR - SR_passive) x sqrt(T). 0 points at 0, full at 3, pass 2.
 * - consistency: share of OOS windows whose active return (over the passive benchmark) is positive. 0 at 0.5 (a
 *   coin), full at 1, pass 0.8.
 * - oosIsRatio: walk-forward efficiency, per-bar Sharpe of the OOS record / that of the IS record (the winners on
 *   the bars they were chosen on); r > 1 is scored as 1 / r (suspect luck or leakage). 0 at 0, full 0.7, pass 0.5.
 * - dsr: Deflated Sharpe probability against the expected best of every combo researched for the pair x tf (the
 *   family). 0 at 0.5, full 0.95, pass 0.9.
 * - monteCarlo: Romano-Wolf family-adjusted bootstrap p-value of the record's active returns. 0 at 0.2, full
 *   0.01, pass 0.05.
 * - pbo: CSCV probability of backtest overfitting of the candidate's grid. 0 at 0.5, full 0.1, pass 0.2.
 * - stability: 0-1 neighbour score; costStress: share of the OOS return kept when costs are raised.
 * No criterion earns points without an edge: a record that lost money or did not beat its passive benchmark
 * scores 0 everywhere. oosTStat, dsr and monteCarlo are also scaled by the record's evidence (see EvidenceSchema).
 */
export const GRADING_DEFAULTS: Record<GradingCriterion, CriterionDefaults> = {
  oosTStat: { weight: 20, zero: 0, full: 3, pass: 2 },
  consistency: { weight: 10, zero: 0.5, full: 1, pass: 0.8 },
  oosIsRatio: { weight: 10, zero: 0, full: 0.7, pass: 0.5 },
  dsr: { weight: 20, zero: 0.5, full: 0.95, pass: 0.9 },
  monteCarlo: { weight: 15, zero: 0.2, full: 0.01, pass: 0.05 },
  pbo: { weight: 10, zero: 0.5, full: 0.1, pass: 0.2 },
  stability: { weight: 10, zero: 0.3, full: 0.9, pass: 0.6 },
  costStress: { weight: 5, zero: 0, full: 0.8, pass: 0.5 },
};

/**
 * How much record it takes to earn full points on the criteria that measure the strength of an edge (oosTStat,
 * dsr, monteCarlo): their points are multiplied by min(1, trades / full_trades) x min(1, exposure / full_exposure).
 * A handful of winning trades at 0.2% exposure has a huge per-bar t-statistic and proves nothing.
 */
const EvidenceSchema = z
  .object({
    full_trades: z.number().int().min(1).default(30),
    full_exposure: z.number().gt(0).max(1).default(0.02),
  })
  .strict();

function thresholdSchema(defaults: CriterionDefaults) {
  return z
    .object({
      zero: z.number().default(defaults.zero),
      full: z.number().default(defaults.full),
      pass: z.number().default(defaults.pass),
    })
    .strict()
    .refine((threshold) => threshold.zero !== threshold.full, {
      message: 'zero and full must differ (points grow linearly from zero to full)',
      path: ['full'],
    })
    .prefault({});
}

const weightShape = Object.fromEntries(
  GRADING_CRITERIA.map((name) => [name, z.number().min(0).default(GRADING_DEFAULTS[name].weight)]),
) as Record<GradingCriterion, z.ZodDefault<z.ZodNumber>>;
const thresholdShape = Object.fromEntries(
  GRADING_CRITERIA.map((name) => [name, thresholdSchema(GRADING_DEFAULTS[name])]),
) as Record<GradingCriterion, ReturnType<typeof thresholdSchema>>;

const GradeCapSchema = z
  .object({
    /** The cap applies when the candidate has fewer OOS trades than this. */
    below: z.number().int().min(1),
    maxGrade: z.enum(GRADES),
  })
  .strict();

export const GradingConfigSchema = z
  .object({
    /** Relative weights; normalised so that they sum to 100 points. */
    weights: z
      .object(weightShape)
      .strict()
      .refine((weights) => Object.values(weights).some((weight) => weight > 0), {
        message: 'at least one weight must be above 0',
      })
      .prefault({}),
    thresholds: z.object(thresholdShape).strict().prefault({}),
    evidence: EvidenceSchema.prefault({}),
    /** Share (0-1) of the Monte Carlo points given, with an edge, when the record has too few trades for the test. */
    underpoweredCredit: z.number().min(0).max(1).default(0.5),
    /** Minimum score of each grade; F below D. */
    gradeBoundaries: z
      .object({
        A: z.number().default(90),
        B: z.number().default(80),
        C: z.number().default(70),
        D: z.number().default(60),
      })
      .strict()
      .refine((b) => b.A > b.B && b.B > b.C && b.C > b.D, { message: 'boundaries must decrease from A to D' })
      .prefault({}),
    tradeCaps: z.array(GradeCapSchema).default(() => [
      { below: 30, maxGrade: 'C' as const },
      { below: 50, maxGrade: 'B' as const },
    ]),
  })
  .strict();

export type GradingConfig = z.infer<typeof GradingConfigSchema>;
export type GradingConfigInput = z.input<typeof GradingConfigSchema>;
