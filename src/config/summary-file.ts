import { z } from 'zod';
import { TIMEFRAMES } from '../core/timeframe.js';
import { GRADES } from './strategies-file.js';

/**
 * Metrics of one stitched record: the walk-forward OOS record, or its IS counterpart (each window's choice on the
 * bars it was chosen on; IS windows overlap, so these are totals over windows). `pf` is null when no trade lost
 * (shown as "no losses", or "no trades" when there was none).
 */
export const SampleMetricsSchema = z
  .object({
    sharpe: z.number(),
    net_return: z.number(),
    trades: z.number().int().min(0),
    pf: z.number().nullable(),
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

/**
 * One row of reports/summary.json: the walk-forward record of one (pair, tf, strategy). `params` is the latest
 * window's in-sample choice (what promotion proposes); every metric is that of the stitched OOS record of each
 * window's choice. `dsr` and `mc_pvalue` control the family (every combo of every strategy researched for the pair
 * x tf in the run); the `_candidate` variants count this strategy's combos only. DESIGN.md section 3.
 */
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
    pf: z.number().nullable(),
    mdd: z.number().min(0),
    sharpe: z.number(),
    sortino: z.number(),
    win_rate: z.number().min(0).max(1),
    trades: z.number().int().min(0),
    expectancy: z.number(),
    exposure: z.number().min(0).max(1),
    dsr: z.number().min(0).max(1).nullable(),
    dsr_candidate: z.number().min(0).max(1).nullable(),
    mc_pvalue: z.number().min(0).max(1).nullable(),
    mc_pvalue_candidate: z.number().min(0).max(1).nullable(),
    pbo: z.number().min(0).max(1).nullable(),
    pbo_family: z.number().min(0).max(1).nullable(),
    /** t-statistic of the record's per-bar edge over its passive benchmark. */
    edge_t_stat: z.number().nullable(),
    /** Share of OOS windows whose return beat the passive benchmark: the grade's consistency. */
    consistency: z.number().min(0).max(1).nullable(),
    oos_is_ratio: z.number().nullable(),
    stability: z.number().min(0).max(1).nullable(),
    combos_tested: z.number().int().min(0),
    /** Combos of every strategy researched for the pair x tf in the run (the DSR's N). */
    family_trials: z.number().int().min(0),
    family_strategies: z.number().int().min(0),
    /** Years of history the family's trials need so their best does not reach this Sharpe by luck (MinBTL). */
    min_backtest_years: z.number().nullable(),
    history_years: z.number().min(0),
    /** Open time of the last candle researched. */
    researched_through: z.iso.datetime({ offset: true }).optional(),
    windows: z.number().int().min(0),
    breakdown: z.array(GradeBreakdownSchema),
    caps: z.array(z.string()),
    stamp: ReproStampSchema,
    warnings: z.array(z.string()),
    reused: z.boolean().default(false),
    /** True when the series researched holds simulated candles (from its own file's metadata, not the config). */
    simulated: z.boolean().optional(),
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
    /** True when some row is simulated (each row says which: `rows[].simulated`). */
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
