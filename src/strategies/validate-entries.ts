import { ConfigError } from '../core/index.js';
import type { EntriesConfig, StrategyEntry, StrategyEntryInput } from '../config/entries-config.js';
import { getStrategy, isStrategyId, STRATEGY_IDS } from './registry.js';
import type { StrategyDefinition, StrategyParams } from './strategy.js';
import { describeParamIssues, knownParams } from './strategy-params.js';

export interface ValidatedEntry {
  /** A built-in id (see StrategyId) or a user strategy's id. */
  readonly id: string;
  /** The entry with family, sides and grid resolved (a user strategy's grid is its module's unless overridden). */
  readonly entry: StrategyEntry;
  readonly definition: StrategyDefinition<StrategyParams>;
  /** The entry's defaults with the strategy's own defaults filled in. */
  readonly defaults: StrategyParams;
  /** User strategies: hash of the module's sources, part of its research input (a changed file is researched again). */
  readonly moduleHash?: string;
}

export interface ValidateEntriesOptions {
  /** User strategies (loaded from runtime.strategies_dir): researched with their own grid unless an entry overrides it. */
  readonly user?: readonly StrategyDefinition<StrategyParams>[];
  /**
   * Called for an entry naming an id that is neither built-in nor a loaded user strategy when some user modules
   * failed to load (it may be theirs): the entry is left out instead of stopping everything with a ConfigError.
   */
  readonly onUnknown?: (id: string, message: string) => void;
}

/**
 * Checks entries_config.json against the strategy library: known ids, family and sides matching the strategy,
 * every default and every grid value accepted by the strategy's params schema (each grid value is checked on top
 * of the defaults). The first problem throws a ConfigError naming the file and the key path, e.g.
 * `entries_config.json: strategies.bollinger_mr.grid.period[2]: ...`. Built-ins are the entries of the file; user
 * strategies are all included, each with its entry's overrides (grid, defaults, enabled) when the file has one.
 */
export function validateEntries(entries: EntriesConfig, file = 'entries_config.json', options: ValidateEntriesOptions = {}): ValidatedEntry[] {
  const user = new Map((options.user ?? []).map((definition) => [definition.id, definition]));
  const validated: ValidatedEntry[] = [];
  for (const [id, entry] of Object.entries(entries.strategies)) {
    const at = `strategies.${id}`;
    const definition = isStrategyId(id) ? getStrategy(id) : user.get(id);
    if (!definition) {
      const valid = [...STRATEGY_IDS, ...user.keys()];
      const message = `unknown strategy id; valid ids: ${valid.join(', ')} (user strategies: the modules of runtime.strategies_dir)`;
      if (options.onUnknown) {
        options.onUnknown(id, new ConfigError(file, at, message).message);
        continue;
      }
      throw new ConfigError(file, at, message);
    }
    validated.push(validateEntry(definition, entry, file, at));
  }
  for (const definition of user.values()) {
    if (!Object.hasOwn(entries.strategies, definition.id)) validated.push(validateEntry(definition, { enabled: true, defaults: {}, notes: definition.description }, file, `strategies.${definition.id}`));
  }
  return validated;
}

function validateEntry(definition: StrategyDefinition<StrategyParams>, input: StrategyEntryInput, file: string, at: string): ValidatedEntry {
  const id = definition.id;
  if (input.family !== undefined && input.family !== definition.family) {
    throw new ConfigError(file, `${at}.family`, `${id} is a ${definition.family} strategy, found "${input.family}"`);
  }
  input.sides?.forEach((side, i) => {
    if (!definition.sides.includes(side)) {
      throw new ConfigError(file, `${at}.sides[${i}]`, `${id} trades ${definition.sides.join(' and ')} only, found "${side}"`);
    }
  });
  const grid = input.grid ?? definition.grid ?? {};
  const defaults = parseOrThrow(definition, input.defaults, file, `${at}.defaults`);
  for (const [name, values] of Object.entries(grid)) {
    values.forEach((value, i) => {
      const result = definition.paramsSchema.safeParse({ ...input.defaults, [name]: value });
      if (!result.success) {
        const issue = describeParamIssues(result.error, knownParams(definition))[0];
        const problem = issue.keyPath === name || issue.keyPath === '' ? issue.problem : `${issue.keyPath}: ${issue.problem}`;
        throw new ConfigError(file, `${at}.grid.${name}[${i}]`, `${problem}; found ${JSON.stringify(value)}`);
      }
    });
  }
  const entry: StrategyEntry = {
    family: definition.family, sides: input.sides ?? [...definition.sides], enabled: input.enabled, defaults: input.defaults,
    grid: Object.fromEntries(Object.entries(grid).map(([name, values]) => [name, [...values]])), notes: input.notes,
  };
  return { id, entry, definition, defaults, ...(definition.source ? { moduleHash: definition.source.hash } : {}) };
}

function parseOrThrow(definition: StrategyDefinition<StrategyParams>, params: object, file: string, at: string): StrategyParams {
  const result = definition.paramsSchema.safeParse(params);
  if (result.success) return result.data;
  const issue = describeParamIssues(result.error, knownParams(definition))[0];
  const found = issue.keyPath in params ? `; found ${JSON.stringify((params as Record<string, unknown>)[issue.keyPath])}` : '';
  throw new ConfigError(file, issue.keyPath ? `${at}.${issue.keyPath}` : at, `${issue.problem}${found}`);
}
