import { UsageError } from '../core/errors.js';
import { closestName } from './closest-name.js';
import { parseList } from './parse-list.js';

/**
 * --strategies: ids of the strategy library (the entries of entries_config.json, disabled ones may be named on
 * purpose, and the user strategies of runtime.strategies_dir). An unknown id stops the command before anything
 * runs, with the closest known id and the full list.
 */
export function parseStrategies(value: string | undefined, known: readonly string[], entriesFile: string, moduleProblems: readonly string[] = []): string[] | undefined {
  const ids = parseList(value, '--strategies', 'every enabled strategy');
  if (!ids) return undefined;
  for (const id of ids) {
    if (known.includes(id)) continue;
    const guess = closestName(id, known);
    throw new UsageError(
      `--strategies: unknown strategy "${id}"${guess ? ` (did you mean ${guess}?)` : ''}; ` +
        `the strategies of ${entriesFile} and runtime.strategies_dir are ${known.join(', ')}` +
        (moduleProblems.length > 0 ? `; modules that failed to load: ${moduleProblems.join('; ')}` : ''),
    );
  }
  return ids;
}
