/**
 * The `grading` block of config/backtest_config.json: weight and linear thresholds of every grading criterion,
 * credit for an underpowered Monte Carlo, grade boundaries and the trade-count caps. Every key has a default.
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
 * Defaults. Points grow linearly from `zero` to `full` (full < zero for "lower is better", as for the Monte
 * Carlo p-value); `pass` is the value a reader should call acceptable (the breakdown's `met`). Every statistic is
 * measured on the OOS bars of the walk-forward windows (about 3000 bars by default), so thresholds are set in units
 * that do not depend on the timeframe or the sample length:
 * - oosTStat: t-statistic of the per-bar OOS edge over the passive benchmark (the strategy's exposure-weighted
 *   buy-and-hold of the same windows, see research/passive-benchmark.ts): (SR - SR_passive) x sqrt(T), per-bar
 *   Sharpes on the strategy's own volatility. 0 points at 0, full at 3, pass 2. An annualised Sharpe of 2 is
 *   only 0.34 standard errors on 3000 5m bars (SE = sqrt(bars per year / T) = 5.9), so annualised thresholds
 *   were reached by noise; the t-statistic is the same number whatever the timeframe.
 * - consistency: share of OOS windows whose ACTIVE return is positive. 0 at 0.5 (a coin), full at 1, pass 0.8.
 * - oosIsRatio: median OOS / IS Sharpe of the best combo; a ratio r > 1 is scored as 1 / r (OOS much better than
 *   IS is a warning sign, not a bonus). 0 at 0, full at 0.7, pass 0.5.
 * - dsr: Deflated Sharpe probability, PSR against SR_passive + SR0(N trials, V). 0 at 0.5, full 0.95, pass 0.9.
 * - monteCarlo: block-bootstrap p-value, Sidak-adjusted for N (see research-candidate.ts). 0 at 0.2, full 0.01,
 *   pass 0.05.
 * - stability: 0-1 neighbour score; costStress: share of the OOS return kept when costs are raised. Both earn
 *   points only when there is an edge to be robust about (oosTStat > 0).
 */
export const GRADING_DEFAULTS: Record<GradingCriterion, CriterionDefaults> = {
  oosTStat: { weight: 25, zero: 0, full: 3, pass: 2 },
  consistency: { weight: 15, zero: 0.5, full: 1, pass: 0.8 },
  oosIsRatio: { weight: 10, zero: 0, full: 0.7, pass: 0.5 },
  dsr: { weight: 20, zero: 0.5, full: 0.95, pass: 0.9 },
  monteCarlo: { weight: 15, zero: 0.2, full: 0.01, pass: 0.05 },
  stability: { weight: 10, zero: 0.3, full: 0.9, pass: 0.6 },
  costStress: { weight: 5, zero: 0, full: 0.8, pass: 0.5 },
};

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
    /** Share (0-1) of the Monte Carlo points given when the p-value is withheld for too few trades. */
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
