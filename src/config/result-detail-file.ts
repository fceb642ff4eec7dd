import { z } from 'zod';
import { TIMEFRAMES } from '../core/timeframe.js';

const Params = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));
const Bands = z.object({ p5: z.number(), p50: z.number(), p95: z.number() });

/**
 * One window of the walk-forward record (times are epoch ms, candle open): the combo chosen on its IS bars, how it
 * did there, and how it then traded its OOS window against the passive benchmark (IS beta x the market).
 */
export const DetailWindowSchema = z.object({
  index: z.number().int(),
  is_start: z.number(),
  is_end: z.number(),
  oos_start: z.number(),
  oos_end: z.number(),
  params: Params,
  is_t_stat: z.number(),
  is_sharpe: z.number(),
  is_trades: z.number().int(),
  oos_sharpe: z.number(),
  oos_return: z.number(),
  oos_trades: z.number().int(),
  beta: z.number(),
  passive_return: z.number(),
  excess_return: z.number(),
  regime: z.enum(['crash', 'bull', 'bear', 'range']),
});

/**
 * One combo tested, as a DIAGNOSTIC (heatmaps, IS-vs-OOS scatter): its median IS Sharpe over the windows, its
 * Sharpe on every OOS window, and how many windows chose it. These OOS numbers never fed a choice.
 */
export const DetailComboSchema = z.object({
  params: Params,
  is_sharpe: z.number(),
  oos_sharpe: z.number(),
  oos_return: z.number(),
  oos_trades: z.number().int(),
  windows_chosen: z.number().int(),
});

/** CSCV probability of backtest overfitting of a set of trials (the candidate's combos, or its family's). */
export const DetailOverfittingSchema = z.object({
  pbo: z.number(),
  probability_of_loss: z.number(),
  degradation: z.object({ slope: z.number().nullable(), intercept: z.number().nullable() }),
  logit_histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number()) }),
  degradation_points: z.object({ is: z.array(z.number()), oos: z.array(z.number()) }),
  splits: z.number().int(),
  trials: z.number().int(),
});

/** The family of a result: every combo of every strategy researched for its pair x tf in the run. */
export const DetailFamilySchema = z.object({
  strategies: z.number().int(),
  trials: z.number().int(),
  trial_sharpe_variance: z.number(),
  /** Expected best per-bar Sharpe of that many unskilled trials (SR0). */
  expected_max_sharpe: z.number(),
  dsr: z.number().nullable(),
  dsr_candidate: z.number().nullable(),
  mc_pvalue: z.number().nullable(),
  mc_family_pvalue: z.number().nullable(),
  min_backtest_years: z.number().nullable(),
  history_years: z.number(),
  overfitting: DetailOverfittingSchema.nullable(),
});

export const DetailTradeSchema = z.object({
  side: z.enum(['long', 'short']),
  entry_time: z.number(),
  exit_time: z.number(),
  entry_price: z.number(),
  exit_price: z.number(),
  pnl: z.number(),
  return: z.number(),
  reason: z.string(),
});

/** The part of a result's detail that research of the candidate alone produces (all but its family and combo list). */
export const CandidateDetailSchema = z
  .object({
    id: z.string(),
    pair: z.string(),
    tf: z.enum(TIMEFRAMES),
    strategy: z.string(),
    params: Params,
    param_names: z.array(z.string()),
    windows: z.array(DetailWindowSchema),
    equity: z.object({ t: z.array(z.number()), v: z.array(z.number()) }),
    monte_carlo: z.object({
      sims: z.number().int(),
      /** The candidate's own bootstrap of its trade returns (not adjusted for the family). */
      p_value: z.number().nullable(),
      underpowered: z.boolean(),
      final_return: Bands.nullable(),
      max_drawdown: Bands.nullable(),
    }),
    cost_stress: z.array(z.object({ label: z.string(), net_return: z.number(), sharpe: z.number() })),
    regimes: z.array(z.object({ regime: z.string(), windows: z.number().int(), oos_sharpe: z.number(), oos_return: z.number() })),
    overfitting: DetailOverfittingSchema.nullable(),
    stability: z.object({
      score: z.number().nullable(),
      cliffs: z.array(z.string()),
      neighbours: z.array(z.object({ param: z.string(), factor: z.number(), sharpe: z.number() })),
    }),
    last_window: z.object({
      candles: z.object({ t: z.array(z.number()), o: z.array(z.number()), h: z.array(z.number()), l: z.array(z.number()), c: z.array(z.number()) }),
      trades: z.array(DetailTradeSchema),
    }),
  })
  .loose();

/**
 * reports/details/<id>.json: everything the dashboard's result detail draws, loaded lazily per result.
 * Series are downsampled for the page (equity to at most ~600 points).
 */
export const ResultDetailSchema = CandidateDetailSchema.extend({ combos: z.array(DetailComboSchema), family: DetailFamilySchema });

export type CandidateDetail = z.infer<typeof CandidateDetailSchema>;
export type ResultDetail = z.infer<typeof ResultDetailSchema>;
export type DetailWindow = z.infer<typeof DetailWindowSchema>;
export type DetailCombo = z.infer<typeof DetailComboSchema>;
export type DetailOverfitting = z.infer<typeof DetailOverfittingSchema>;
export type DetailFamily = z.infer<typeof DetailFamilySchema>;
