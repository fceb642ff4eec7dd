import { basename, extname } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { getStrategy, STRATEGY_IDS, type ValidatedEntry } from '../strategies/index.js';
import { cachedGateVerdict, loadStrategyLibrary } from './strategy-library.js';

/** One line of `scalp strategies`. */
export interface StrategyListing {
  readonly id: string;
  readonly family: string;
  readonly sides: readonly string[];
  /** Combos of the grid searched (entries_config.json's, else a user module's own). */
  readonly combos: number;
  readonly enabled: boolean;
  /** 'built-in', or the module file of a user strategy. */
  readonly source: string;
  /** built-in: covered by the test suite (scalp check-strategy runs the gate); user: the cached gate verdict. */
  readonly gate: 'built-in' | 'passed' | 'refused' | 'unchecked' | 'broken';
  readonly hash?: string;
  readonly note?: string;
}

function combos(entry: ValidatedEntry): number {
  return Object.values(entry.entry.grid).reduce((product, values) => product * values.length, 1);
}

function listingOf(config: AppConfig, entry: ValidatedEntry): StrategyListing {
  const source = entry.definition.source;
  const base = { id: entry.id, family: entry.entry.family, sides: entry.entry.sides, combos: combos(entry), enabled: entry.entry.enabled };
  if (!source) return { ...base, source: 'built-in', gate: 'built-in' };
  const verdict = cachedGateVerdict(config, entry);
  const gate = verdict === undefined ? 'unchecked' : verdict.passed ? 'passed' : 'refused';
  return { ...base, source: source.file, gate, hash: source.hash, ...(verdict?.refusal ? { note: verdict.refusal.message } : {}) };
}

/**
 * Every strategy scalp knows: the built-ins (those missing from entries_config.json are listed as disabled), the
 * user strategies with their cached gate verdict, and the modules that failed to load (gate 'broken', the error
 * as note). Loads the modules (nothing is researched or gated here).
 */
export async function listStrategyLibrary(config: AppConfig): Promise<StrategyListing[]> {
  const library = await loadStrategyLibrary(config, { gate: false });
  const listed = library.entries.map((entry) => listingOf(config, entry));
  for (const id of STRATEGY_IDS) {
    if (listed.some((row) => row.id === id)) continue;
    const definition = getStrategy(id);
    listed.push({ id, family: definition.family, sides: definition.sides, combos: 1, enabled: false, source: 'built-in', gate: 'built-in', note: `not in ${config.paths.entriesConfig}` });
  }
  for (const problem of library.problems) {
    listed.push({ id: basename(problem.file, extname(problem.file)), family: '?', sides: [], combos: 0, enabled: false, source: problem.file, gate: 'broken', note: problem.error });
  }
  return listed;
}
