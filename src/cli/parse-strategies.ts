import { loadEntriesConfig } from '../config/entries-config.js';
import { UsageError } from '../core/errors.js';
import { closestName } from './closest-name.js';
import { parseList } from './parse-list.js';

/**
 * --strategies: ids of the strategy library in entries_config.json (disabled entries may be named on purpose).
 * An unknown id stops the command before anything runs, with the closest known id and the full list.
 */
export function parseStrategies(value: string | undefined, entriesFile: string): string[] | undefined {
  const ids = parseList(value, '--strategies', 'every enabled strategy');
  if (!ids) return undefined;
  const known = Object.keys(loadEntriesConfig(entriesFile).strategies);
  for (const id of ids) {
    if (known.includes(id)) continue;
    const guess = closestName(id, known);
    throw new UsageError(
      `--strategies: unknown strategy "${id}"${guess ? ` (did you mean ${guess}?)` : ''}; ` +
        `the strategies of ${entriesFile} are ${known.join(', ')}`,
    );
  }
  return ids;
}
