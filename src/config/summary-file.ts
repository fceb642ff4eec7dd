import { z } from 'zod';
import { TIMEFRAMES } from '../core/timeframe.js';
import { GRADES } from './strategies-file.js';

/** Metrics of one sample (in-sample or out-of-sample aggregate). */
export const SampleMetricsSchema = z
  .object({
    sharpe: z.number(),
    net_return: z.number(),
    trades: z.number().int().min(0),
    pf: z.number(),
    mdd: z.number().min(0),
    win_rate: z.number().min(0).max(1),
  })
  .loose();

export const GradeBreakdownSchema = z.object({
  criterion: z.string(),
  value: z.number().nullable(),
  points: z.number(),
  max_points: z.number(),
  threshold: z.string(),
  met: z.boolean(),
});

export const ReproStampSchema = z.object({
  data_hash: z.string(),
  config_hash: z.string(),
  code_version: z.string(),
  seed: z.number().int(),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
});

/** One row of reports/summary.json: the best combo of one (pair, tf, strategy). DESIGN.md section 3. */
export const SummaryRowSchema = z
  .object({
    id: z.string().min(1),
    pair: z.string().min(1),
    tf: z.enum(TIMEFRAMES),
    strategy: z.string().min(1),
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    grade: z.enum(GRADES),
    score: z.number().min(0).max(100),
    is: SampleMetricsSchema,
    oos: SampleMetricsSchema,
    pf: z.number(),
    mdd: z.number().min(0),
    sharpe: z.number(),
    sortino: z.number(),
    win_rate: z.number().min(0).max(1),
    trades: z.number().int().min(0),
    expectancy: z.number(),
    exposure: z.number().min(0).max(1),
    dsr: z.number().min(0).max(1).nullable(),
    mc_pvalue: z.number().min(0).max(1).nullable(),
    consistency: z.number().min(0).max(1),
    oos_is_ratio: z.number().nullable(),
    stability: z.number().min(0).max(1).nullable(),
    combos_tested: z.number().int().min(0),
    windows: z.number().int().min(0),
    breakdown: z.array(GradeBreakdownSchema),
    caps: z.array(z.string()),
    stamp: ReproStampSchema,
    warnings: z.array(z.string()),
    reused: z.boolean().default(false),
    /** The backtest run that produced (or, when reused, confirmed) this row. */
    run_id: z.string().optional(),
  })
  .loose();

export const SummaryFileSchema = z
  .object({
    run_id: z.string().min(1),
    created_at: z.iso.datetime({ offset: true }),
    config_hash: z.string(),
    exchange: z.string(),
    simulated: z.boolean(),
    rows: z.array(SummaryRowSchema),
    failures: z.array(z.object({ item: z.string(), error: z.string() })).default([]),
  })
  .loose();

export type SampleMetrics = z.infer<typeof SampleMetricsSchema>;
export type SummaryRow = z.infer<typeof SummaryRowSchema>;
export type SummaryFile = z.infer<typeof SummaryFileSchema>;
export type GradeBreakdownRow = z.infer<typeof GradeBreakdownSchema>;
export type ReproStamp = z.infer<typeof ReproStampSchema>;
