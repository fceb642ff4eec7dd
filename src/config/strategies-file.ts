import { z } from 'zod';
import { TIMEFRAMES } from '../core/timeframe.js';

export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
export type Grade = (typeof GRADES)[number];

/** Key out-of-sample metrics carried with every candidate and active strategy (snake_case: a file contract). */
export const CandidateMetricsSchema = z
  .object({
    sharpe: z.number(),
    sortino: z.number().optional(),
    /** null when no trade lost. */
    pf: z.number().nullable(),
    mdd: z.number().min(0),
    win_rate: z.number().min(0).max(1),
    trades: z.number().int().min(0),
    net_return: z.number(),
    dsr: z.number().min(0).max(1).nullable(),
    mc_pvalue: z.number().min(0).max(1).nullable(),
    pbo: z.number().min(0).max(1).nullable().optional(),
    pbo_family: z.number().min(0).max(1).nullable().optional(),
    edge_t_stat: z.number().nullable().optional(),
    consistency: z.number().min(0).max(1).nullable(),
    oos_is_ratio: z.number().nullable(),
    stability: z.number().min(0).max(1).nullable(),
  })
  .loose();

/**
 * What the graded walk-forward record promises, per bar: the distribution a forward (paper) record is judged
 * against (research/forward-verdict.ts). Simple returns; raw kurtosis.
 */
export const RecordPromiseSchema = z
  .object({
    mean_return: z.number(),
    std_return: z.number().min(0),
    sharpe: z.number(),
    skewness: z.number(),
    kurtosis: z.number(),
    bars: z.number().int().min(0),
  })
  .loose();

/** One candidate: the latest walk-forward choice of one (pair, tf, strategy) from a backtest run, with its record's metrics. */
export const CandidateSchema = z
  .object({
    pair: z.string().min(1),
    tf: z.enum(TIMEFRAMES),
    strategy: z.string().min(1),
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    grade: z.enum(GRADES),
    score: z.number().min(0).max(100),
    metrics: CandidateMetricsSchema,
    /** Absent on entries promoted before forward testing existed: they are not judged, only expire. */
    promise: RecordPromiseSchema.optional(),
    /** Open time (ISO) of the last candle the research saw: a demoted combo waits for research past its demotion. */
    researched_through: z.iso.datetime({ offset: true }).optional(),
    source_run: z.string().min(1),
    simulated: z.boolean().default(false),
  })
  .loose();

export const FORWARD_VERDICTS = ['keep', 'wait', 'demote', 'stale', 'unjudged'] as const;

/**
 * The forward (paper) record of an active strategy since its promotion, as the loop last measured it: the same
 * engine on the candles that arrived after `promoted_at`, and the verdict against what the backtest promised
 * (research/forward-verdict.ts). `stale`: its candles stopped arriving (not judged); `unjudged`: no promise to judge
 * against (promoted before forward testing existed).
 */
export const ForwardSummarySchema = z
  .object({
    since: z.iso.datetime({ offset: true }),
    checked_at: z.iso.datetime({ offset: true }),
    bars: z.number().int().min(0),
    trades: z.number().int().min(0),
    net_return: z.number(),
    sharpe: z.number(),
    mdd: z.number().min(0),
    psr: z.number().min(0).max(1).nullable(),
    verdict: z.enum(FORWARD_VERDICTS),
    reasons: z.array(z.string()),
  })
  .loose();

/** A promoted strategy in config/strategies.yml. */
export const ActiveStrategySchema = CandidateSchema.extend({
  promoted_at: z.iso.datetime({ offset: true }),
  expires_at: z.iso.datetime({ offset: true }),
  risk_mode: z.string().optional(),
  forward: ForwardSummarySchema.optional(),
});

/** reports/strategies.yml.next: the candidates of one backtest run. */
export const CandidatesFileSchema = z
  .object({
    run_id: z.string().min(1),
    created_at: z.iso.datetime({ offset: true }),
    strategies: z.array(CandidateSchema),
  })
  .loose();

/** config/strategies.yml: the active set. An empty or absent file means no strategies yet. */
export const StrategiesFileSchema = z
  .object({
    updated_at: z.iso.datetime({ offset: true }).optional(),
    risk_mode: z.string().optional(),
    strategies: z.array(ActiveStrategySchema).default([]),
  })
  .loose();

export type CandidateMetrics = z.infer<typeof CandidateMetricsSchema>;
export type RecordPromise = z.infer<typeof RecordPromiseSchema>;
export type ForwardSummary = z.infer<typeof ForwardSummarySchema>;
export type ForwardVerdictName = (typeof FORWARD_VERDICTS)[number];
export type Candidate = z.infer<typeof CandidateSchema>;
export type ActiveStrategy = z.infer<typeof ActiveStrategySchema>;
export type CandidatesFile = z.infer<typeof CandidatesFileSchema>;
export type StrategiesFile = z.infer<typeof StrategiesFileSchema>;
