import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWatchlist, type Watchlist } from './_watchlist-schema.js';

export const WATCHLIST_HISTORY_FILE = 'watchlist_history.jsonl';

/**
 * Appends one watchlist as one JSON line to `<dataDir>/watchlist_history.jsonl`. A single O_APPEND write of
 * one line, so concurrent readers see whole lines; a line torn by a crash is ignored when read back.
 */
export async function appendWatchlistHistory(dataDir: string, watchlist: Watchlist): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await appendFile(join(dataDir, WATCHLIST_HISTORY_FILE), `${JSON.stringify(watchlist)}\n`, 'utf8');
}

/**
 * Every watchlist ever taken, oldest first (by taken_at). A corrupt complete line throws DataIntegrityError naming
 * the line; an unterminated last line (a crash mid-append) is skipped.
 */
export async function readWatchlistHistory(dataDir: string): Promise<Watchlist[]> {
  const file = join(dataDir, WATCHLIST_HISTORY_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  const torn = lines.pop() ?? '';
  const entries: Watchlist[] = [];
  lines.forEach((line, index) => {
    if (line.trim() !== '') entries.push(parseWatchlist(line, `${file} line ${index + 1}`));
  });
  if (torn.trim() !== '') {
    try {
      entries.push(parseWatchlist(torn, file));
    } catch {
      // an unterminated last line is a write cut short by a crash: not part of the history
    }
  }
  return entries.sort((a, b) => Date.parse(a.taken_at) - Date.parse(b.taken_at));
}

/**
 * The watchlist that was in force at `date`: the last one taken at or before it, or undefined when the
 * history starts later. Used to backtest on the pairs one would really have watched then (no survivorship bias).
 */
export async function watchlistAt(dataDir: string, date: Date | number | string): Promise<Watchlist | undefined> {
  const at = new Date(date).getTime();
  let inForce: Watchlist | undefined;
  for (const entry of await readWatchlistHistory(dataDir)) {
    if (Date.parse(entry.taken_at) <= at) inForce = entry;
  }
  return inForce;
}
