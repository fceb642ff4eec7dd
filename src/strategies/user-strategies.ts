/**
 * Discovery of the user strategies of a folder: each module compiled, imported, checked against the contract and
 * probed once (its signals built on a synthetic sample with its defaults). A module with a problem is left out
 * with one message naming its file and the field; the others load.
 */
import { CANDLE_COLUMNS, ConfigError, describeError, type Candles } from '../core/index.js';
import { IndicatorCache } from '../indicators/index.js';
import { compileStrategyModule, defaultStrategyCacheDir, findStrategyFiles, importStrategySource } from './_user-module-loader.js';
import { addUserStrategy, isStrategyId } from './registry.js';
import type { StrategyDefinition, StrategyParams } from './strategy.js';
import { defaultParams } from './strategy-params.js';
import { syntheticSample } from './synthetic-sample.js';

/** A module left out, and why (the message names the file and the field). */
export interface UserModuleProblem {
  readonly file: string;
  readonly error: string;
}

export interface DiscoveredStrategies {
  readonly definitions: StrategyDefinition<StrategyParams>[];
  readonly problems: UserModuleProblem[];
}

const PROBE_BARS = 600;

function copyOf(candles: Candles): Candles {
  return Object.fromEntries(CANDLE_COLUMNS.map((column) => [column, candles[column].slice()])) as unknown as Candles;
}

/**
 * Builds the strategy's plan once with its defaults on a synthetic sample: signals of the wrong length or type,
 * NaN, an exception, or candles changed in place throw a ConfigError naming the file and the field.
 */
export function probeStrategy(definition: StrategyDefinition<StrategyParams>): void {
  const file = definition.source?.file ?? definition.id;
  const candles = syntheticSample(PROBE_BARS, '1h', 7);
  const before = copyOf(candles);
  const params = defaultParams(definition);
  definition.warmup(params);
  definition.plan(candles, params, new IndicatorCache(candles), { timeframe: '1h' });
  for (const column of CANDLE_COLUMNS) {
    const index = candles[column].findIndex((value, i) => !Object.is(value, before[column][i]));
    if (index >= 0) throw new ConfigError(file, `signals(): candles.${column}[${index}]`, 'was changed; candles are shared by every combo and thread: treat them as read-only');
  }
}

/** Compiles, imports, checks and probes one module file; throws a ConfigError naming the file on any problem. */
export async function loadStrategyFile(file: string, cacheDir = defaultStrategyCacheDir()): Promise<StrategyDefinition<StrategyParams>> {
  const definition = await importStrategySource(await compileStrategyModule(file, cacheDir));
  probeStrategy(definition);
  return definition;
}

/**
 * Loads one user strategy module for a notebook or script and registers it in this thread (and for worker threads
 * started afterwards), so `runStrategy(candles, id, ...)` and the research functions know it.
 */
export async function loadUserStrategy(file: string, options: { cacheDir?: string } = {}): Promise<StrategyDefinition<StrategyParams>> {
  const definition = await loadStrategyFile(file, options.cacheDir);
  if (isStrategyId(definition.id)) throw new ConfigError(file, 'id', `"${definition.id}" is the id of a built-in strategy; choose another`);
  addUserStrategy(definition);
  return definition;
}

/**
 * Every module of `dir` (see findStrategyFiles): loaded definitions and the problems of those left out. An id
 * taken by a built-in, or defined by two files, leaves those modules out. Nothing is registered here.
 */
export async function discoverUserStrategies(dir: string, cacheDir = defaultStrategyCacheDir()): Promise<DiscoveredStrategies> {
  const loaded: StrategyDefinition<StrategyParams>[] = [];
  const problems: UserModuleProblem[] = [];
  for (const file of findStrategyFiles(dir)) {
    try {
      loaded.push(await loadStrategyFile(file, cacheDir));
    } catch (error) {
      problems.push({ file, error: describeError(error) });
    }
  }
  const files = new Map<string, string[]>();
  for (const definition of loaded) files.set(definition.id, [...(files.get(definition.id) ?? []), definition.source?.file ?? '']);
  const definitions = loaded.filter((definition) => {
    const file = definition.source?.file ?? '';
    const same = files.get(definition.id) ?? [];
    if (isStrategyId(definition.id)) {
      problems.push({ file, error: new ConfigError(file, 'id', `"${definition.id}" is the id of a built-in strategy; choose another`).message });
      return false;
    }
    if (same.length > 1) {
      const others = same.filter((other) => other !== file);
      problems.push({ file, error: new ConfigError(file, 'id', `"${definition.id}" is also the id of ${others.join(', ')}; ids must be unique, rename one`).message });
      return false;
    }
    return true;
  });
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { definitions, problems };
}
