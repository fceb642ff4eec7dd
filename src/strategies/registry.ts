import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import { UsageError } from '../core/index.js';
import { importStrategySource } from './_user-module-loader.js';
import { bollingerMr } from './bollinger-mr.js';
import { boltrend } from './boltrend.js';
import { donchianBreakout } from './donchian-breakout.js';
import { envelopeDcaShort } from './envelope-dca-short.js';
import { envelopeDca } from './envelope-dca.js';
import { gridAtr } from './grid-atr.js';
import { gridBoltrend } from './grid-boltrend.js';
import { gridMultiTf } from './grid-multi-tf.js';
import { gridRangeAtr } from './grid-range-atr.js';
import { gridTrend } from './grid-trend.js';
import { momentum } from './momentum.js';
import type { StrategyDefinition, StrategyParams, StrategySource } from './strategy.js';
import { supertrendFlip } from './supertrend-flip.js';
import { vwapRsi } from './vwap-rsi.js';

/** The strategy library, by id. Adding a strategy is one file plus one line here (and its entries_config entry). */
export const STRATEGIES = {
  vwap_rsi: vwapRsi,
  momentum,
  bollinger_mr: bollingerMr,
  donchian_breakout: donchianBreakout,
  supertrend: supertrendFlip,
  boltrend,
  envelope_dca: envelopeDca,
  envelope_dca_short: envelopeDcaShort,
  grid_atr: gridAtr,
  grid_range_atr: gridRangeAtr,
  grid_trend: gridTrend,
  grid_boltrend: gridBoltrend,
  grid_multi_tf: gridMultiTf,
} as const;

export type StrategyId = keyof typeof STRATEGIES;
export const STRATEGY_IDS = Object.keys(STRATEGIES) as StrategyId[];

export function isStrategyId(id: string): id is StrategyId {
  return Object.hasOwn(STRATEGIES, id);
}

/** User strategies of this thread, by id (see registerUserStrategies). */
const userStrategies = new Map<string, StrategyDefinition<StrategyParams>>();

/** Compiled modules whose definition this thread holds. */
const loadedEntries = new Set<string>();

/** Worker threads started after a registration inherit its sources under this key (node:worker_threads environment data). */
const SOURCES_KEY = 'scalp.userStrategySources';

/** The strategy with this id, built-in or user; an unknown id throws a UsageError listing the valid ones. */
export function getStrategy(id: string): StrategyDefinition<StrategyParams> {
  if (isStrategyId(id)) return STRATEGIES[id] as unknown as StrategyDefinition<StrategyParams>;
  const user = userStrategies.get(id);
  if (user) return user;
  const ids = [...STRATEGY_IDS, ...userStrategies.keys()];
  throw new UsageError(`unknown strategy "${id}"; valid ids: ${ids.join(', ')} (a user strategy is known once its module is loaded from runtime.strategies_dir)`);
}

/** Every strategy this thread knows: the built-ins, then the registered user strategies. */
export function listStrategies(): StrategyDefinition<StrategyParams>[] {
  return [...STRATEGY_IDS.map((id) => getStrategy(id)), ...userStrategies.values()];
}

/**
 * Makes `definitions` the user strategies of this thread (replacing earlier ones; ids must not be built-in ids)
 * and hands their sources to worker threads started from now on, which load them with ensureStrategiesLoaded.
 */
export function registerUserStrategies(definitions: readonly StrategyDefinition<StrategyParams>[]): void {
  for (const definition of definitions) {
    if (isStrategyId(definition.id)) throw new UsageError(`user strategy "${definition.id}" has the id of a built-in strategy; rename it`);
  }
  userStrategies.clear();
  loadedEntries.clear();
  for (const definition of definitions) {
    userStrategies.set(definition.id, definition);
    if (definition.source) loadedEntries.add(definition.source.entry);
  }
  const sources = definitions.flatMap((definition) => (definition.source ? [{ ...definition.source }] : []));
  setEnvironmentData(SOURCES_KEY, sources);
}

/** Adds one user strategy to those of this thread (and of workers started from now on), replacing one of the same id. */
export function addUserStrategy(definition: StrategyDefinition<StrategyParams>): void {
  registerUserStrategies([...[...userStrategies.values()].filter((known) => known.id !== definition.id), definition]);
}

/**
 * Loads the user strategies a worker thread needs before it plans: `sources` (default: those registered in the
 * thread that started this one) that this thread does not hold yet, each imported from its compiled module.
 */
export async function ensureStrategiesLoaded(sources: readonly StrategySource[] = inheritedSources()): Promise<void> {
  for (const source of sources) {
    if (loadedEntries.has(source.entry)) continue;
    const definition = await importStrategySource(source);
    userStrategies.set(definition.id, definition);
    loadedEntries.add(source.entry);
  }
}

function inheritedSources(): StrategySource[] {
  const sources = getEnvironmentData(SOURCES_KEY);
  return Array.isArray(sources) ? (sources as StrategySource[]) : [];
}
