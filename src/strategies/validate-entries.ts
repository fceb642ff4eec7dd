import { ConfigError } from '../core/index.js';
import type { EntriesConfig, StrategyEntry } from '../config/entries-config.js';
import { getStrategy, isStrategyId, STRATEGY_IDS, type StrategyId } from './registry.js';
import type { StrategyDefinition, StrategyParams } from './strategy.js';
import { describeParamIssues, knownParams } from './strategy-params.js';

export interface ValidatedEntry {
  readonly id: StrategyId;
  readonly entry: StrategyEntry;
  readonly definition: StrategyDefinition<StrategyParams>;
  /** The entry's defaults with the strategy's own defaults filled in. */
  readonly defaults: StrategyParams;
}

/**
 * Checks entries_config.json against the strategy library: known ids, family and sides matching the strategy,
 * every default and every grid value accepted by the strategy's params schema (each grid value is checked on top
 * of the defaults). The first problem throws a ConfigError naming the file and the key path, e.g.
 * `entries_config.json: strategies.bollinger_mr.grid.period[2]: ...`.
 */
export function validateEntries(entries: EntriesConfig, file = 'entries_config.json'): ValidatedEntry[] {
  const validated: ValidatedEntry[] = [];
  for (const [id, entry] of Object.entries(entries.strategies)) {
    const at = `strategies.${id}`;
    if (!isStrategyId(id)) throw new ConfigError(file, at, `unknown strategy id; valid ids: ${STRATEGY_IDS.join(', ')}`);
    const definition = getStrategy(id);
    if (entry.family !== definition.family) {
      throw new ConfigError(file, `${at}.family`, `${id} is a ${definition.family} strategy, found "${entry.family}"`);
    }
    entry.sides.forEach((side, i) => {
      if (!definition.sides.includes(side)) {
        throw new ConfigError(file, `${at}.sides[${i}]`, `${id} trades ${definition.sides.join(' and ')} only, found "${side}"`);
      }
    });
    const defaults = parseOrThrow(definition, entry.defaults, file, `${at}.defaults`);
    for (const [name, values] of Object.entries(entry.grid)) {
      values.forEach((value, i) => {
        const result = definition.paramsSchema.safeParse({ ...entry.defaults, [name]: value });
        if (!result.success) {
          const issue = describeParamIssues(result.error, knownParams(definition))[0];
          const problem = issue.keyPath === name || issue.keyPath === '' ? issue.problem : `${issue.keyPath}: ${issue.problem}`;
          throw new ConfigError(file, `${at}.grid.${name}[${i}]`, `${problem}; found ${JSON.stringify(value)}`);
        }
      });
    }
    validated.push({ id, entry, definition, defaults });
  }
  return validated;
}

function parseOrThrow(definition: StrategyDefinition<StrategyParams>, params: object, file: string, at: string): StrategyParams {
  const result = definition.paramsSchema.safeParse(params);
  if (result.success) return result.data;
  const issue = describeParamIssues(result.error, knownParams(definition))[0];
  const found = issue.keyPath in params ? `; found ${JSON.stringify((params as Record<string, unknown>)[issue.keyPath])}` : '';
  throw new ConfigError(file, issue.keyPath ? `${at}.${issue.keyPath}` : at, `${issue.problem}${found}`);
}
