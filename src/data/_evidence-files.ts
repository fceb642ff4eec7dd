/**
 * The payloads of the results DB's evidence cache, one JSON file per input hash in `evidence/` beside the DB file.
 * A candidate's evidence holds its out-of-sample active returns (megabytes on long 1m series); stored as DuckDB
 * strings, a run's dozen payloads made DuckDB take ~10x their size in memory while writing (750 MB for 73 MB),
 * the peak of a whole research run. The DB keeps the index (hash, created, last used); files are written
 * atomically before the rows that name them and removed when their rows expire.
 */
import { access, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';

const HASH = /^[A-Za-z0-9_-]+$/;

/** `<folder of the DB file>/evidence`. */
export function evidenceFolder(dbFile: string): string {
  return join(dirname(dbFile), 'evidence');
}

function evidencePath(folder: string, inputHash: string): string {
  if (!HASH.test(inputHash)) throw new RangeError(`evidence cache: input hash "${inputHash}" must be letters, digits, '_' or '-'`);
  return join(folder, `${inputHash}.json`);
}

/** Writes each payload (JSON text by input hash) to its file, atomically. */
export async function writeEvidenceFiles(folder: string, payloads: ReadonlyMap<string, string>): Promise<void> {
  for (const [inputHash, json] of payloads) await writeFileAtomic(evidencePath(folder, inputHash), json);
}

/** The JSON text of one payload, or null when its file is gone (a cache miss: the job is researched again). */
export async function readEvidenceFile(folder: string, inputHash: string): Promise<string | null> {
  try {
    return await readFile(evidencePath(folder, inputHash), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Whether the payload file of `inputHash` is there (without reading it). */
export async function hasEvidenceFile(folder: string, inputHash: string): Promise<boolean> {
  return access(evidencePath(folder, inputHash)).then(
    () => true,
    () => false,
  );
}

/** Removes the payload files whose hash is not in `kept` (their rows expired, or their run's write failed). */
export async function removeEvidenceFilesExcept(folder: string, kept: ReadonlySet<string>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of names) {
    if (name.endsWith('.json') && !kept.has(name.slice(0, -'.json'.length))) await rm(join(folder, name), { force: true });
  }
}
