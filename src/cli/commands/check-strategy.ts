import { basename, extname } from 'node:path';
import { LookaheadRefusedError, UsageError } from '../../core/errors.js';
import type { Timeframe } from '../../core/timeframe.js';
import { existsSync } from 'node:fs';
import { ohlcvPath } from '../../data/ohlcv-store.js';
import { storedPairs } from '../../data/stored-series.js';
import { lookaheadSamples } from '../../loop/lookahead-samples.js';
import { gateEntry, loadStrategyLibrary } from '../../loop/strategy-library.js';
import { isStrategyId, validateEntries, type ValidatedEntry } from '../../strategies/index.js';
import type { AppConfig } from '../../config/app-config.js';
import { closestName } from '../closest-name.js';
import { loadContext } from '../load-context.js';
import { print, printJson } from '../output.js';
import { parseTimeframes } from '../parse-list.js';
import { parsePairs } from '../parse-pairs.js';

/** The entry of `id`: from the library, or a built-in missing from entries_config.json with its own defaults. */
async function entryOf(config: AppConfig, id: string): Promise<ValidatedEntry> {
  const library = await loadStrategyLibrary(config, { gate: false });
  const found = library.entries.find((entry) => entry.id === id);
  if (found) return found;
  if (isStrategyId(id)) return validateEntries({ strategies: { [id]: { enabled: true, defaults: {}, notes: '' } } })[0];
  const broken = library.problems.find((problem) => basename(problem.file, extname(problem.file)) === id);
  if (broken) throw new UsageError(`check-strategy: the module of ${id} did not load: ${broken.error}`);
  const known = library.entries.map((entry) => entry.id);
  const guess = closestName(id, known);
  throw new UsageError(`check-strategy: unknown strategy "${id}"${guess ? ` (did you mean ${guess}?)` : ''}; known: ${known.join(', ')}`);
}

/** Stored series to check on: --pairs x --tfs, else every stored series of runtime.tf_list. */
async function targetsOf(config: AppConfig, pairs: string[] | undefined, tfs: Timeframe[]): Promise<{ pair: string; tf: Timeframe }[]> {
  const candidates = pairs ? pairs.flatMap((pair) => tfs.map((tf) => ({ pair, tf }))) : [...(await storedPairs(config.paths.dataDir)).entries()].flatMap(([pair, stored]) => tfs.filter((tf) => stored.includes(tf)).map((tf) => ({ pair, tf })));
  return candidates.filter(({ pair, tf }) => existsSync(ohlcvPath(config.paths.dataDir, pair, tf)));
}

/**
 * `scalp check-strategy ID [--pairs ..] [--tfs ..] [--json]`: the lookahead gate (prefix, future and warm-up
 * tests) on stored candles and a synthetic sample, run now. Exit 0 when the strategy passes, 7 with the reason when
 * refused, 2 for an unknown id or a module that does not load.
 */
export default async function checkStrategy(options: Record<string, unknown>): Promise<number> {
  const config = loadContext(options);
  const [id] = (options.args as string[] | undefined) ?? [];
  if (!id) throw new UsageError('check-strategy: name the strategy id, e.g. scalp check-strategy my_cross (scalp strategies lists them)');
  const { quote, market, tf_list: tfList } = config.runtime;
  const tfs = parseTimeframes(options.tfs as string | undefined, tfList, config.configFile) ?? tfList;
  const pairs = parsePairs(options.pairs as string | undefined, { quote, market, configFile: config.configFile });
  const entry = await entryOf(config, id);
  const targets = await targetsOf(config, pairs, tfs);
  const samples = await lookaheadSamples(config.paths.dataDir, targets, targets[0]?.tf ?? tfs[0]);
  const outcome = await gateEntry(config, entry, async () => samples, true);
  if (options.json) printJson(outcome);
  if (outcome.refusal) {
    if (options.json) return new LookaheadRefusedError(outcome.refusal.message).exitCode;
    throw new LookaheadRefusedError(outcome.refusal.message);
  }
  if (!options.json) {
    print(`${id}: passed the lookahead gate (prefix, future and warm-up tests; ${outcome.plans} plans on ${outcome.samples.join(', ')}; ${outcome.params.length} param sets) in ${outcome.ms} ms`);
    for (const note of outcome.notes) print(`note: ${note}`);
  }
  return 0;
}
