/**
 * `sweep()`: a strategy's parameter grid over one candle series on the worker pool, one row per combo, for
 * notebooks and scripts (vectorbt-style heatmaps). The candles are shared with the workers once, each indicator
 * is computed once for the whole pool, and the combos run in batches: the same path `scalp backtest` researches
 * on (series-session.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Candles, Timeframe } from '../core/index.js';
import { loadEntriesConfig } from '../config/entries-config.js';
import { UsageError } from '../core/index.js';
import type { CostOptions, IntrabarPolicy } from '../engine/index.js';
import { IndicatorCache } from '../indicators/index.js';
import { fullGrid, sweepCombos, type Combo, type ParameterGrid, type SweepRow } from '../research/index.js';
import { addUserStrategy, getStrategy, isStrategyId, type StrategyDefinition, type StrategyParams } from '../strategies/index.js';
import { createBacktestPool, type BacktestPool } from './backtest-pool.js';
import { openSeries } from './series-session.js';

/** What `rank` orders the rows by; every metric ranks best first (mdd: the smallest drawdown). */
export type SweepMetric = 'sharpe' | 'net_return' | 'pf' | 'win_rate' | 'mdd';

export interface SweepOptions {
  /** Worker threads when sweep starts its own pool (default one per core); 0 runs in this thread. */
  workers?: number;
  /** A pool to run on (from `createSweepPool`), kept open for further sweeps; close it yourself. */
  pool?: BacktestPool;
  /** Annualises the Sharpe (default: inferred from the first two timestamps). */
  timeframe?: Timeframe;
  /** Fees (maker / taker fractions, roles) and slippage, as `backtest()` takes them. Default none. */
  fees?: CostOptions;
  /** Slippage fraction on market and stop fills; overrides `fees.slippage`. */
  slippage?: number;
  /** Which of stop and take-profit fills first when one bar spans both. Default 'pessimistic'. */
  intrabar?: IntrabarPolicy;
  /** The metric `rank` is computed on. Default 'sharpe'. */
  metric?: SweepMetric;
  /** Base params under every combo (default: the strategy's entry in entries_config.json, else its own defaults). */
  defaults?: StrategyParams;
  /** The entries_config.json whose grid and defaults apply when none are given (default: the one scalp ships). */
  entriesConfig?: string;
}

/** A row of a sweep: the combo's params and metrics, and its rank by `options.metric` (1 = best; ties keep grid order). */
export interface SweepResultRow extends SweepRow {
  rank: number;
}

/** Most combos per task: enough to keep a worker busy between messages. */
const MAX_BATCH = 16;

/** Combos per task: at least four tasks per worker, so no worker idles while another runs a last big batch. */
export function sweepBatchSize(combos: number, workers: number): number {
  return Math.max(1, Math.min(MAX_BATCH, Math.ceil(combos / (4 * Math.max(1, workers)))));
}

/** A worker pool for several sweeps (the indicators of a series are computed once per sweep call). */
export function createSweepPool(options: { workers?: number } = {}): BacktestPool {
  return createBacktestPool({ workers: options.workers });
}

function strategyOf(strategy: string | StrategyDefinition<StrategyParams>): StrategyDefinition<StrategyParams> {
  if (typeof strategy === 'string') return getStrategy(strategy);
  if (isStrategyId(strategy.id)) {
    if (getStrategy(strategy.id) !== strategy) throw new UsageError(`sweep: strategy "${strategy.id}" has the id of a built-in strategy; rename it`);
    return strategy;
  }
  addUserStrategy(strategy);
  return strategy;
}

/** The shipped config/entries_config.json (a sibling of dist/ and src/). */
function shippedEntriesConfig(): string {
  return fileURLToPath(new URL('../../config/entries_config.json', import.meta.url));
}

/** Grid and base params: as given, else the strategy's entry in entries_config.json, else a user module's own grid. */
function gridAndDefaults(definition: StrategyDefinition<StrategyParams>, grid: ParameterGrid | undefined, options: SweepOptions): { grid: ParameterGrid; defaults?: StrategyParams } {
  let entry: { grid?: ParameterGrid; defaults?: StrategyParams } | undefined;
  if (grid === undefined || options.defaults === undefined) {
    const file = options.entriesConfig ?? shippedEntriesConfig();
    if (options.entriesConfig !== undefined || existsSync(file)) entry = loadEntriesConfig(file).strategies[definition.id];
  }
  const chosen = grid ?? entry?.grid ?? definition.grid;
  if (chosen === undefined) {
    const names = Object.keys(definition.paramsSchema.parse({})).slice(0, 2);
    throw new UsageError(`sweep: strategy "${definition.id}" has no configured grid; pass one, e.g. { ${names.map((name) => `${name}: [...]`).join(', ')} }`);
  }
  return { grid: chosen, defaults: options.defaults ?? entry?.defaults };
}

const BETTER: Record<SweepMetric, (row: SweepRow) => number> = {
  sharpe: (row) => row.sharpe,
  net_return: (row) => row.net_return,
  pf: (row) => (row.pf === null ? (row.trades > 0 ? Infinity : -Infinity) : row.pf),
  win_rate: (row) => row.win_rate,
  mdd: (row) => -row.mdd,
};

function ranked(rows: SweepRow[], metric: SweepMetric): SweepResultRow[] {
  const score = BETTER[metric];
  if (score === undefined) throw new UsageError(`sweep: metric must be one of ${Object.keys(BETTER).join(', ')}, was "${metric}"`);
  const order = rows.map((row, i) => ({ i, value: row.error === undefined ? score(row) : Number.NaN }));
  order.sort((a, b) => (b.value === a.value || (Number.isNaN(a.value) && Number.isNaN(b.value)) ? a.i - b.i : Number.isNaN(a.value) ? 1 : Number.isNaN(b.value) ? -1 : b.value - a.value));
  const ranks = new Array<number>(rows.length);
  order.forEach(({ i }, position) => (ranks[i] = position + 1));
  return rows.map((row, i) => ({ ...row, rank: ranks[i] }));
}

/**
 * Runs every combo of `grid` (a map of param name -> values; default the strategy's grid in entries_config.json,
 * or a user module's own) on `candles` and returns one row per combo in grid order (the last parameter varies fastest):
 * params, annualised Sharpe, net return, trades, max drawdown, profit factor, win rate and a rank.
 * `strategy` is a built-in id or a strategy definition (a user strategy loaded from its module runs on the
 * workers; an in-memory definition without a module runs in this thread). Starts and closes its own pool
 * unless `options.pool` is given, so a script exits when it is done.
 *
 * @example
 * const rows = await sweep(candles, 'donchian_breakout', { entry_period: [20, 40, 60], exit_period: [10, 20] }, { timeframe: '1h', fees: { taker: 0.0005 } });
 */
export async function sweep(
  candles: Candles,
  strategy: string | StrategyDefinition<StrategyParams>,
  grid?: ParameterGrid,
  options: SweepOptions = {},
): Promise<SweepResultRow[]> {
  const definition = strategyOf(strategy);
  const configured = gridAndDefaults(definition, grid, options);
  const combos = fullGrid(configured.grid);
  const fees = options.slippage === undefined ? options.fees : { ...options.fees, slippage: options.slippage };
  const execution = { fees, intrabar: options.intrabar };
  const spec = { strategyId: definition.id, defaults: configured.defaults, timeframe: options.timeframe, source: definition.source };
  const inThread = options.pool === undefined && (options.workers === 0 || (typeof strategy !== 'string' && definition.source === undefined));
  if (inThread) return ranked(sweepCombos({ candles, cache: new IndicatorCache(candles), ...spec, combos, execution }), options.metric ?? 'sharpe');
  const pool = options.pool ?? createSweepPool({ workers: options.workers });
  try {
    const session = openSeries(pool, candles);
    const batches: Promise<SweepRow[]>[] = [];
    const size = sweepBatchSize(combos.length, pool.workers);
    for (let i = 0; i < combos.length; i += size) batches.push(session.sweep(spec, combos.slice(i, i + size) as Combo[], execution));
    return ranked((await Promise.all(batches)).flat(), options.metric ?? 'sharpe');
  } finally {
    if (options.pool === undefined) await pool.destroy();
  }
}
