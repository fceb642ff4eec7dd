import type { z } from 'zod';
import type { Candles, Timeframe } from '../core/index.js';
import type { GridKernelOptions, GridLevels, MonoKernelOptions, Signals } from '../engine/index.js';
import type { IndicatorCache } from '../indicators/index.js';

export type StrategySide = 'long' | 'short';
export type StrategyFamily = 'mono' | 'grid';
/** A parameter value: strategies take numbers, strings and booleans only (grids, JSON and result rows stay flat). */
export type StrategyParamValue = number | string | boolean;
export type StrategyParams = Readonly<Record<string, StrategyParamValue>>;

/** What a plan may know besides candles and params. */
export interface StrategyContext {
  /** The candles' timeframe; when absent, strategies that need the bar length infer it from the timestamps. */
  readonly timeframe?: Timeframe;
}

/** Kernel options a mono strategy owns (its risk rules); execution options (fees, sizing...) come from the run. */
export type MonoRiskOptions = Pick<MonoKernelOptions, 'stopLossPct' | 'takeProfitPct' | 'trailingStopPct' | 'dynamicLevels' | 'oppositeEntry'>;
/** Kernel options a grid strategy owns. */
export type GridRiskOptions = Pick<GridKernelOptions, 'exitMode' | 'levelWeights' | 'stopLossPct' | 'takeProfitPct'>;

/** Exact input of one mono-kernel run: signals on bar close (fill at the next open) and the strategy's risk options. */
export interface MonoPlan {
  readonly family: 'mono';
  readonly signals: Signals;
  readonly options: MonoRiskOptions;
  /** First bar whose signals count (every indicator the strategy reads is warm). */
  readonly startIndex: number;
}

/** Exact input of one grid-kernel run: per-bar levels (rest during the next bar), take-profit and force-close arrays. */
export interface GridPlan {
  readonly family: 'grid';
  readonly levels: GridLevels;
  readonly options: GridRiskOptions;
  readonly startIndex: number;
}

export type StrategyPlan = MonoPlan | GridPlan;

/**
 * Where a user strategy came from: its module file, the hash of what was loaded (the file and the local files it
 * imports) and the compiled ES module a worker thread imports to get the same definition.
 */
export interface StrategySource {
  readonly file: string;
  readonly hash: string;
  readonly entry: string;
}

/** Values of one parameter's search grid. */
export type StrategyGrid = Readonly<Record<string, readonly (number | string)[]>>;

/**
 * One strategy of the library. `plan()` reads indicators through the cache (shared by every combo of a grid
 * search on the same candles) and allocates only its signal / level arrays. Bar t's signals and levels use bars
 * <= t only (a signal on bar t's close fills at bar t+1's open).
 */
export interface StrategyDefinition<P extends StrategyParams = StrategyParams> {
  readonly id: string;
  readonly family: StrategyFamily;
  /** Sides the strategy can trade. */
  readonly sides: readonly StrategySide[];
  readonly description: string;
  /** Strict object schema with a default for every parameter, risk parameters included. */
  readonly paramsSchema: z.ZodType<P>;
  /** Bars needed before the first signal: no entry fills before bar `warmup(params) + 1`. */
  warmup(params: P): number;
  plan(candles: Candles, params: P, cache: IndicatorCache, context?: StrategyContext): StrategyPlan;
  /** User strategies only: the module the definition was loaded from (built-ins live in src/). */
  readonly source?: StrategySource;
  /** User strategies only: the module's own parameter grid, searched unless entries_config.json overrides it. */
  readonly grid?: StrategyGrid;
}

/** Identity function that checks a strategy definition against the contract and keeps its param type. */
export function defineStrategy<P extends StrategyParams>(definition: StrategyDefinition<P>): StrategyDefinition<P> {
  return definition;
}
