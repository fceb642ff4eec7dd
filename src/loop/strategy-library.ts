/**
 * The strategy library of a run: the built-ins of entries_config.json plus the user strategies of
 * runtime.strategies_dir, each user strategy checked by the lookahead gate before it is researched (verdicts are
 * cached by module hash under data/cache/lookahead/). A broken module, or one the gate refuses, is left out and
 * reported; the others run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { loadEntriesConfig, type EntriesConfig } from '../config/entries-config.js';
import { describeError, type Timeframe } from '../core/index.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { hashValue } from '../research/index.js';
import {
  checkLookahead,
  discoverUserStrategies,
  gateParamSets,
  registerUserStrategies,
  validateEntries,
  type GateSample,
  type LookaheadVerdict,
  type UserModuleProblem,
  type ValidatedEntry,
} from '../strategies/index.js';
import { lookaheadSamples } from './lookahead-samples.js';

/** Bumped when the gate's tests change, so older cached verdicts are not trusted. */
const GATE_VERSION = 1;

export interface GateOutcome extends LookaheadVerdict {
  /** True when the verdict came from the cache (same module hash and params). */
  readonly cached: boolean;
  readonly ms: number;
  readonly checked_at: string;
}

export interface StrategyLibrary {
  /** Entries to research from: every built-in entry, and the user strategies that loaded and passed the gate. */
  readonly entries: ValidatedEntry[];
  /** Broken modules, refused strategies and entries of unknown ids, one line each (the run exits 1 at the end). */
  readonly failures: { item: string; error: string }[];
  readonly problems: UserModuleProblem[];
  /** Gate verdicts by user strategy id (refused ones included). */
  readonly verdicts: Map<string, GateOutcome>;
}

export interface LoadLibraryOptions {
  /** Overrides config/entries_config.json (tests, notebooks). */
  readonly entries?: EntriesConfig;
  /**
   * Gate the user strategies this run researches (the enabled ones, or those of `only`) on stored candles of these
   * targets; false: load and validate only (listing, flag checks).
   */
  readonly gate?: { readonly targets: readonly { pair: string; tf: Timeframe }[]; readonly only?: readonly string[] } | false;
  readonly log?: (line: string) => void;
}

/** Where compiled user modules are kept (by hash). */
export function strategyCacheDir(config: AppConfig): string {
  return join(config.paths.dataDir, 'cache', 'strategies');
}

function verdictFile(config: AppConfig, id: string, key: string): string {
  return join(config.paths.dataDir, 'cache', 'lookahead', `${id}-${key}.json`);
}

function readCachedVerdict(file: string): GateOutcome | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const verdict = JSON.parse(readFileSync(file, 'utf8')) as GateOutcome;
    return typeof verdict.passed === 'boolean' ? { ...verdict, cached: true } : undefined;
  } catch {
    return undefined; // a damaged cache entry is checked again
  }
}

/** The verdict cache file of an entry: keyed by its module hash, the params the gate runs and the gate's version. */
function gateKey(config: AppConfig, entry: ValidatedEntry): { file: string; params: ReturnType<typeof gateParamSets> } {
  const params = gateParamSets(entry.definition, entry.entry.grid, entry.entry.defaults);
  const key = hashValue({ module: entry.moduleHash ?? 'built-in', params, version: GATE_VERSION });
  return { file: verdictFile(config, entry.id, key), params };
}

/** The cached gate verdict of an entry, undefined when its current module and params were never checked. */
export function cachedGateVerdict(config: AppConfig, entry: ValidatedEntry): GateOutcome | undefined {
  return readCachedVerdict(gateKey(config, entry).file);
}

/**
 * The gate verdict of one entry: from the cache when its module and params were checked before (unless `fresh`),
 * else run now on `samples` and cached.
 */
export async function gateEntry(config: AppConfig, entry: ValidatedEntry, samples: () => Promise<GateSample[]>, fresh = false): Promise<GateOutcome> {
  const { file, params } = gateKey(config, entry);
  const cached = fresh ? undefined : readCachedVerdict(file);
  if (cached) return cached;
  const started = performance.now();
  const verdict = checkLookahead(entry.definition, await samples(), params);
  const outcome: GateOutcome = { ...verdict, cached: false, ms: Math.round(performance.now() - started), checked_at: new Date().toISOString() };
  // Built-ins change with scalp's code, not a file hash: their verdicts are never cached.
  if (entry.moduleHash) await writeFileAtomic(file, `${JSON.stringify({ ...outcome, module_hash: entry.moduleHash, file: entry.definition.source?.file }, null, 1)}\n`);
  return outcome;
}

/**
 * Loads and registers the user strategy modules only (no entries, no gate), so steps that plan a promoted strategy
 * (the forward test) know its id. Never throws: a module that does not load is left out (the backtest reports it).
 */
export async function registerUserStrategyModules(config: AppConfig): Promise<void> {
  registerUserStrategies((await discoverUserStrategies(config.paths.strategiesDir, strategyCacheDir(config))).definitions);
}

/**
 * Loads the library: discovers and registers the user strategies (in this thread and for worker threads started
 * afterwards), validates entries_config.json against built-ins and user strategies (a bad entry throws its
 * ConfigError, exit 2), and gates the user strategies to be researched. Never throws for a user module.
 */
export async function loadStrategyLibrary(config: AppConfig, options: LoadLibraryOptions = {}): Promise<StrategyLibrary> {
  const log = options.log ?? (() => undefined);
  const discovered = await discoverUserStrategies(config.paths.strategiesDir, strategyCacheDir(config));
  registerUserStrategies(discovered.definitions);
  const failures = discovered.problems.map((problem) => ({ item: problem.file, error: problem.error }));
  for (const problem of discovered.problems) log(`strategy module left out: ${problem.error}`);
  const entriesConfig = options.entries ?? loadEntriesConfig(config.paths.entriesConfig);
  const onUnknown = discovered.problems.length > 0 ? (id: string, message: string) => failures.push({ item: id, error: `${message}; its module may be one of those that failed to load` }) : undefined;
  let entries = validateEntries(entriesConfig, config.paths.entriesConfig, { user: discovered.definitions, onUnknown });
  const verdicts = new Map<string, GateOutcome>();
  const gate = options.gate;
  if (gate) {
    let samples: Promise<GateSample[]> | undefined;
    const loadSamples = () => (samples ??= lookaheadSamples(config.paths.dataDir, gate.targets));
    for (const entry of entries) {
      const researched = gate.only ? gate.only.includes(entry.id) : entry.entry.enabled;
      if (entry.moduleHash === undefined || !researched) continue;
      try {
        const outcome = await gateEntry(config, entry, loadSamples);
        verdicts.set(entry.id, outcome);
        const how = outcome.cached ? 'cached verdict' : `${outcome.plans} plans on ${outcome.samples.join(', ')} in ${outcome.ms} ms`;
        log(`lookahead gate: ${entry.id} ${outcome.passed ? 'passed' : 'REFUSED'} (${how})`);
        if (outcome.refusal) failures.push({ item: entry.id, error: outcome.refusal.message });
      } catch (error) {
        failures.push({ item: entry.id, error: `lookahead gate could not run: ${describeError(error)}` });
      }
    }
    entries = entries.filter((entry) => entry.moduleHash === undefined || verdicts.get(entry.id)?.passed !== false);
    entries = entries.filter((entry) => !failures.some((failure) => failure.item === entry.id));
  }
  return { entries, failures, problems: discovered.problems, verdicts };
}
