import { constants, copyFileSync, existsSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Document } from 'yaml';
import {
  CandidatesFileSchema,
  StrategiesFileSchema,
  type ActiveStrategy,
  type CandidatesFile,
} from '../config/strategies-file.js';
import { ConfigError } from '../core/errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { parseYamlWithLines } from './_yaml-with-lines.js';

/** How many `strategies.yml.bak-*` files are kept beside the active set. */
export const BACKUPS_KEPT = 10;

export const STRATEGIES_FILE_HEADER = ' managed by scalp promote; hand edits are kept if valid';

function readText(file: string, whenMissing: string | null): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && whenMissing === null) return null;
    const problem = code === 'ENOENT' ? (whenMissing as string) : `cannot read file (${code ?? String(error)})`;
    throw new ConfigError(file, '', problem, { cause: error });
  }
}

/**
 * Reads the active set (config/strategies.yml). An absent or empty file is an empty set. A file that fails to
 * parse (YAML syntax or schema) throws a ConfigError naming the line; the file is never modified here, and
 * `promote` writes nothing when this throws.
 */
export function readActiveSet(file: string): ActiveStrategy[] {
  const text = readText(file, null);
  if (text === null || text.trim() === '') return [];
  const note = `the file was left untouched; fix that line or restore a backup (${basename(file)}.bak-*)`;
  const parsed = parseYamlWithLines(file, text, StrategiesFileSchema, note, (value) =>
    // `strategies:` with every entry deleted by hand parses as null: that is an empty set, not an error.
    value !== null && typeof value === 'object' && (value as { strategies?: unknown }).strategies === null
      ? { ...value, strategies: [] }
      : value,
  );
  return parsed.strategies;
}

/** Reads the candidates of the last backtest (reports/strategies.yml.next). */
export function readCandidates(file: string): CandidatesFile {
  const text = readText(file, 'no candidates file: run `scalp backtest` first (it writes reports/strategies.yml.next)');
  const note = 'nothing was promoted; run `scalp backtest` again to regenerate it';
  if (text === null || text.trim() === '') throw new ConfigError(file, '', `the candidates file is empty; ${note}`);
  return parseYamlWithLines(file, text, CandidatesFileSchema, note);
}

/** `20250102T030405Z` (UTC, second precision) for backup names. */
export function backupStamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function backupPattern(file: string): RegExp {
  const escaped = basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}\\.bak-(\\d{8}T\\d{6}Z)(?:-(\\d+))?$`);
}

/** Backups of `file` beside it, oldest first (by stamp, then by same-second counter). */
export function listBackups(file: string): string[] {
  const pattern = backupPattern(file);
  const found: { name: string; stamp: string; counter: number }[] = [];
  for (const name of readdirSync(dirname(file))) {
    const match = pattern.exec(name);
    if (match) found.push({ name, stamp: match[1], counter: Number(match[2] ?? 0) });
  }
  found.sort((a, b) => (a.stamp === b.stamp ? a.counter - b.counter : a.stamp < b.stamp ? -1 : 1));
  return found.map((entry) => join(dirname(file), entry.name));
}

/** Copies `file` to `<file>.bak-<stamp>` (a `-N` suffix when that second is taken) and keeps the newest backups. */
function backUp(file: string, now: Date): string {
  const base = `${file}.bak-${backupStamp(now)}`;
  let target = base;
  for (let counter = 1; existsSync(target); counter++) target = `${base}-${counter}`;
  copyFileSync(file, target, constants.COPYFILE_EXCL);
  const backups = listBackups(file);
  for (const old of backups.slice(0, Math.max(0, backups.length - BACKUPS_KEPT))) unlinkSync(old);
  return target;
}

/** The YAML text of an active set, with the header comment. Validated: what is written always reads back. */
export function formatActiveSet(entries: readonly ActiveStrategy[], options: { riskMode: string; now: Date }): string {
  const content = StrategiesFileSchema.parse({
    updated_at: options.now.toISOString(),
    risk_mode: options.riskMode,
    strategies: entries,
  });
  const document = new Document(content);
  document.commentBefore = STRATEGIES_FILE_HEADER;
  return document.toString({ lineWidth: 0 });
}

/**
 * Writes the active set: first a timestamped backup of the current file (`<file>.bak-YYYYMMDDTHHMMSSZ`, newest
 * {@link BACKUPS_KEPT} kept), then the new YAML through an atomic rename, so a reader never sees half a file.
 * Comments inside the previous file are not carried over (the backup keeps them).
 */
export async function writeActiveSet(
  file: string,
  entries: readonly ActiveStrategy[],
  options: { riskMode: string; now: Date; backup?: boolean },
): Promise<{ backupFile?: string }> {
  const text = formatActiveSet(entries, options);
  // A forward-record refresh (nothing added or removed) skips the backup, so the kept backups stay meaningful.
  const backupFile = options.backup !== false && existsSync(file) ? backUp(file, options.now) : undefined;
  await writeFileAtomic(file, text);
  return backupFile ? { backupFile } : {};
}
