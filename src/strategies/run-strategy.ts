import type { Candles } from '../core/index.js';
import { tradesToObjects, type BacktestResult } from '../engine/index.js';
import { IndicatorCache } from '../indicators/index.js';
import { evaluatePlan, type ExecutionOptions } from './evaluate-plan.js';
import { getStrategy } from './registry.js';
import type { StrategyDefinition, StrategyParams, StrategyPlan } from './strategy.js';
import { parseStrategyParams } from './strategy-params.js';

export interface RunStrategyOptions extends ExecutionOptions {
  /** Indicator cache bound to these candles, shared by every combo of a grid (a fresh one by default). */
  cache?: IndicatorCache;
}

/**
 * Builds the plan of `strategyId` with `params` (validated, defaults filled from the strategy's schema) on
 * `candles` and runs it through its kernel. Returns plain trade objects, the equity curve and the metrics.
 *
 * @example
 * const { metrics } = runStrategy(candles, 'bollinger_mr', { period: 20 }, { timeframe: '5m', fees: { taker: 0.0005 } });
 */
export function runStrategy(
  candles: Candles,
  strategyId: string,
  params: Readonly<Record<string, unknown>> = {},
  options: RunStrategyOptions = {},
): BacktestResult {
  const plan = planStrategy(candles, strategyId, params, options);
  const { result, metrics } = evaluatePlan(candles, plan, options);
  return { trades: tradesToObjects(result.trades), equity: result.equity, metrics };
}

/** The validated plan of one strategy and params (what `runStrategy` runs), for callers that evaluate it several times. */
export function planStrategy(
  candles: Candles,
  strategyId: string,
  params: Readonly<Record<string, unknown>> = {},
  options: Pick<RunStrategyOptions, 'cache' | 'timeframe'> = {},
): StrategyPlan {
  const definition = getStrategy(strategyId);
  const parsed = parsedParams(definition, params);
  const cache = options.cache ?? new IndicatorCache(candles);
  if (cache.candles !== candles) throw new RangeError('runStrategy: options.cache is bound to other candles; use one cache per candles object');
  return definition.plan(candles, parsed, cache, { timeframe: options.timeframe });
}

// Parsed params by strategy and params: a grid search plans the same combo many times (every window's record,
// stability, cost stress), and the schema's parse costs far more than the plan's arrays on short series.
const PARSED = new WeakMap<StrategyDefinition<StrategyParams>, Map<string, StrategyParams>>();
const MAX_PARSED = 4096;

/** `parseStrategyParams`, remembered per definition and params (the parsed object is frozen: plans only read it). */
function parsedParams(definition: StrategyDefinition<StrategyParams>, params: Readonly<Record<string, unknown>>): StrategyParams {
  let parsed = PARSED.get(definition);
  if (parsed === undefined) PARSED.set(definition, (parsed = new Map()));
  const key = paramsKey(params);
  let result = key === null ? undefined : parsed.get(key);
  if (result === undefined) {
    result = Object.freeze(parseStrategyParams(definition, params));
    if (key !== null) {
      if (parsed.size >= MAX_PARSED) parsed.clear();
      parsed.set(key, result);
    }
  }
  return result;
}

/** A key equal for equal flat params (number, string, boolean values, any key order); null for anything else. */
function paramsKey(params: Readonly<Record<string, unknown>>): string | null {
  const keys = Object.keys(params).sort();
  let key = '';
  for (const name of keys) {
    const value = params[name];
    const type = typeof value;
    if (type !== 'number' && type !== 'string' && type !== 'boolean' && value !== undefined) return null;
    key += `${name}=${type === 'string' ? JSON.stringify(value) : String(value)};`;
  }
  return key;
}
