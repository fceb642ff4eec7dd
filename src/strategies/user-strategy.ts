/**
 * The contract of a user strategy module (a file in runtime.strategies_dir): a plain object, default-exported,
 * checked with zod when it is loaded. Importing scalp is never required; `defineUserStrategy` (exported from the
 * package as `defineStrategy`) only adds types.
 */
import { z } from 'zod';
import type { Candles, Timeframe } from '../core/index.js';
import type * as indicatorFunctions from '../indicators/index.js';
import type { IndicatorCache } from '../indicators/index.js';
import type { StrategySide } from './strategy.js';

/** The four signals a mono strategy returns; a signal on bar t's close fills at bar t+1's open. */
export const USER_SIGNAL_NAMES = ['enterLong', 'exitLong', 'enterShort', 'exitShort'] as const;
export type UserSignalName = (typeof USER_SIGNAL_NAMES)[number];

/** A signal array of the candles' length: Uint8Array (or any array) of 0/1 (or false/true). */
export type UserSignalArray = Uint8Array | ArrayLike<number | boolean>;
export type UserSignals = Partial<Record<UserSignalName, UserSignalArray>>;

/** What `signals()` may use besides candles and params. */
export interface UserStrategyContext {
  /** Pure indicator functions over Float64Array (sma, ema, rsi, atr, bollinger...): NaN during warm-up. */
  readonly indicators: typeof indicatorFunctions;
  /** The same indicators computed once per candles and shared by every combo: `cache.get('ema', { period: 20 })`. */
  readonly cache: IndicatorCache;
  readonly timeframe?: Timeframe;
}

export type UserParamValue = number | string | boolean;

/** One parameter: its default and, optionally, the values the search tries and its bounds. */
export interface UserStrategyParam<V extends UserParamValue = UserParamValue> {
  readonly default: V;
  readonly grid?: readonly (V extends boolean ? never : V)[];
  readonly min?: number;
  readonly max?: number;
  /** Whole numbers only; by default true when the default and every grid value are integers. */
  readonly integer?: boolean;
  readonly description?: string;
}

export type UserParams = Record<string, UserParamValue>;

/** A user strategy module's default export. */
export interface UserStrategy<P extends UserParams = UserParams> {
  /** [a-z0-9_]+, unique across built-in and user strategies. */
  readonly id: string;
  /** 'mono' (entry/exit signals). Grid (level) user strategies are not supported yet. */
  readonly family: 'mono';
  readonly sides: readonly StrategySide[];
  readonly params: { readonly [K in keyof P]: UserStrategyParam<P[K]> };
  /** Bars of history the signals need before they are valid (a number or a function of the params); default 0. */
  readonly warmup?: number | ((params: P) => number);
  readonly description?: string;
  signals(candles: Candles, params: P, context: UserStrategyContext): UserSignals;
}

/** Identity function that types a user strategy module (`export default defineStrategy({...})`). */
export function defineUserStrategy<P extends UserParams>(strategy: UserStrategy<P>): UserStrategy<P> {
  return strategy;
}

/** Params named like the built-ins' risk params get the engine's stop / target handling (0 = off). */
export const RISK_PARAMS = { stop_loss_pct: 'stopLossPct', take_profit_pct: 'takeProfitPct', trailing_stop_pct: 'trailingStopPct' } as const;

const isFunction = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === 'function';

const ParamSchema = z
  .object({
    default: z.union([z.number(), z.string(), z.boolean()], 'expected a number, a string or a boolean'),
    grid: z.array(z.union([z.number(), z.string()], 'expected numbers or strings')).min(1).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().optional(),
    description: z.string().optional(),
  })
  .strict();

/** The shape a module's default export must have (behaviour is checked by running it: see user-definition.ts). */
export const UserStrategySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_]+$/, 'expected lower-case letters, digits and _ only, e.g. "my_cross"'),
    family: z.enum(['mono', 'grid']).refine((family) => family === 'mono', {
      message: 'grid (level) user strategies are not supported yet; write a mono strategy (entry/exit signals)',
    }),
    sides: z
      .array(z.enum(['long', 'short']))
      .min(1)
      .refine((sides) => new Set(sides).size === sides.length, 'each side at most once'),
    params: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, 'expected a snake_case name'), ParamSchema).default({}),
    warmup: z
      .union([
        z.number().int('expected a whole number of bars').min(0, 'expected a whole number of bars >= 0'),
        z.custom<(params: UserParams) => number>(isFunction),
      ], 'expected a whole number of bars or a function of the params')
      .optional(),
    description: z.string().optional(),
    signals: z.custom<UserStrategy['signals']>(isFunction, 'expected a function signals(candles, params, { indicators, cache, timeframe })'),
  })
  .strict();

export type ParsedUserStrategy = z.infer<typeof UserStrategySchema>;
export type ParsedUserParam = z.infer<typeof ParamSchema>;
