import { z } from 'zod';
import { TIMEFRAMES } from '../core/timeframe.js';
import { GradingConfigSchema } from './_grading-schema.js';
import { RegimeConfigSchema } from './_regime-schema.js';
import { loadConfigFile } from './load-file.js';
import { DEFAULT_RISK_MODES, RiskModesSchema } from './risk-modes.js';

export {
  GRADES,
  GRADING_CRITERIA,
  GRADING_DEFAULTS,
  GradingConfigSchema,
  type Grade,
  type GradingConfig,
  type GradingConfigInput,
  type GradingCriterion,
} from './_grading-schema.js';
export { RegimeConfigSchema, type RegimeConfig } from './_regime-schema.js';

const count = (minimum: number) => z.number().int().min(minimum);

/**
 * OOS windows must not overlap: the stitched walk-forward record trades each bar once. A step shorter than the OOS
 * window would count the same bars twice (and double their weight in every statistic).
 */
const NO_OVERLAP = { message: 'step must be at least the OOS window (overlapping OOS windows would trade the same bars twice)', path: ['step_bars'] };

/** Walk-forward window sizes in bars. Defaults suit 5000 candles: IS 1500 / embargo 10 / OOS 500, step 500 -> 6 windows. */
export const WindowBarsSchema = z
  .object({ is_bars: count(1), oos_bars: count(1), step_bars: count(1), embargo_bars: count(0).default(10) })
  .strict()
  .refine((window) => window.step_bars >= window.oos_bars, NO_OVERLAP);

/** Walk-forward window sizes in days, converted to bars per timeframe (embargo stays in bars). */
export const WindowDaysSchema = z
  .object({
    is_days: z.number().positive(),
    oos_days: z.number().positive(),
    step_days: z.number().positive(),
    embargo_bars: count(0).default(10),
  })
  .strict()
  .refine((window) => window.step_days >= window.oos_days, { ...NO_OVERLAP, path: ['step_days'] });

export const WindowSpecSchema = z.union([WindowBarsSchema, WindowDaysSchema]);

const DEFAULT_WINDOW = { is_bars: 1500, oos_bars: 500, step_bars: 500, embargo_bars: 10 };

const SearchSchema = z
  .object({
    /** Evaluate the full grid when it has at most this many combos, else Latin hypercube + fine pass. */
    max_full_grid: count(1).default(400),
    lhs_samples: count(1).default(150),
    /** Best LHS combos whose +-1 step neighbours the fine pass adds. */
    top_k: count(0).default(5),
  })
  .strict();

const WalkForwardSchema = z
  .object({
    default: WindowSpecSchema.default(DEFAULT_WINDOW),
    per_tf: z.partialRecord(z.enum(TIMEFRAMES), WindowSpecSchema).default({}),
    /** Fewer windows than this is reported as a warning (the result is still graded). */
    min_windows: count(1).default(4),
  })
  .strict();

/**
 * How each walk-forward window chooses its combo, on in-sample bars only: the highest per-bar t-statistic
 * (mean / sample std x sqrt(bars), dimensionless, the same scale on every timeframe). Combos with fewer than
 * `min_is_trades` IS trades rank after every combo that has enough: one lucky trade has a t of 3 on 1500 bars.
 */
const SelectionSchema = z.object({ min_is_trades: count(0).default(10) }).strict();

/**
 * Monte Carlo. The family test is a stationary block bootstrap of the per-bar active returns of every candidate
 * of a pair x tf (Romano-Wolf stepdown: `family_sims` resamples, mean block `block_bars`, 0 = round(T^1/3)); its
 * adjusted p-value is what the grade and promotion read. The candidate's own bootstrap of its trade returns (`sims`
 * resamples, blocks of `block_size` trades) gives the P&L bands and a raw p-value shown beside it. Records with
 * fewer than `min_trades` OOS trades are underpowered.
 */
const MonteCarloSchema = z
  .object({
    sims: count(1).default(2000),
    block_size: count(1).default(5),
    family_sims: count(1).default(2000),
    block_bars: count(0).default(0),
    min_trades: count(2).default(30),
  })
  .strict();

/** CSCV probability of backtest overfitting: the OOS bars are cut into `partitions` blocks (even, 12,870 splits at 16). */
const OverfittingSchema = z
  .object({
    partitions: count(2)
      .max(20, { message: 'at most 20 partitions (184,756 splits); 16 gives 12,870' })
      .default(16)
      .refine((value) => value % 2 === 0, { message: 'partitions must be even' }),
  })
  .strict();

/** Thresholds of the warnings attached to a result. */
const WarningsSchema = z
  .object({
    /** Warn when more than this share of a positive OOS return is the passive benchmark's. */
    market_drift_share: z.number().min(0).max(1).default(0.5),
    /** Warn when ambiguous bars (stop and target inside one bar) exceed this share of the trades. */
    ambiguous_bar_share: z.number().min(0).default(0.1),
  })
  .strict();

/** Removed keys get a message that says what replaced them, not a bare "unrecognized key". */
const removed = (message: string) => z.unknown().refine(() => false, { message }).optional();

const StabilitySchema = z
  .object({
    factors: z.array(z.number().positive()).min(1).default([0.8, 0.9, 1.1, 1.2]),
    /** A neighbour whose OOS Sharpe drops by more than this share is a cliff. */
    cliff_drop: z.number().positive().default(0.5),
  })
  .strict();

const CostStressSchema = z
  .object({
    fee_multipliers: z.array(z.number().positive()).default([1.33, 1.67]),
    slippage_multipliers: z.array(z.number().positive()).default([2, 4]),
  })
  .strict();

/**
 * config/backtest_config.json: search, walk-forward, combo score, Monte Carlo, stability, cost stress, regimes,
 * grading and the risk_mode rules. Every key has a default, so `{}` is a valid file; unknown keys are errors.
 */
export const BacktestConfigSchema = z
  .object({
    seed: z.number().int().default(42),
    search: SearchSchema.prefault({}),
    walk_forward: WalkForwardSchema.prefault({}),
    selection: SelectionSchema.prefault({}),
    combo_score: removed(
      'combo_score was removed: each walk-forward window now chooses its combo on in-sample bars only (see "selection"); delete this block',
    ),
    monte_carlo: MonteCarloSchema.prefault({}),
    overfitting: OverfittingSchema.prefault({}),
    warnings: WarningsSchema.prefault({}),
    stability: StabilitySchema.prefault({}),
    cost_stress: CostStressSchema.prefault({}),
    regimes: RegimeConfigSchema.prefault({}),
    grading: GradingConfigSchema.prefault({}),
    risk_modes: RiskModesSchema.default(RiskModesSchema.parse(DEFAULT_RISK_MODES)),
    /** Re-research an OK pair x tf when its promoted strategy expires within this many hours. */
    expiry_margin_hours: z.number().min(0).default(6),
    /** Combos per worker task. */
    batch_size: count(1).default(32),
  })
  .strict();

export type BacktestConfig = z.infer<typeof BacktestConfigSchema>;
export type BacktestConfigInput = z.input<typeof BacktestConfigSchema>;
export type WindowSpec = z.infer<typeof WindowSpecSchema>;

/** Parses and validates config/backtest_config.json (ConfigError with the key path on a problem). */
export function loadBacktestConfig(file: string): BacktestConfig {
  return loadConfigFile(file, BacktestConfigSchema);
}

/** The defaults of every block, as `{}` parses. */
export function defaultBacktestConfig(): BacktestConfig {
  return BacktestConfigSchema.parse({});
}
