import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { DataIntegrityError, describeError } from '../core/errors.js';

/** What to do about a damaged candle file: backfill moves it aside (never deletes it) and fetches it again. */
export const REBUILD_HINT = 'run scalp backfill: it moves the damaged file to the quarantine folder and fetches the candles again';

/**
 * A candle file that exists but is damaged or invalid (not Parquet, truncated, lacking a column, unsorted,
 * non-finite). Backfill moves it to `<data_dir>/quarantine/` and fetches it again; `rebuildable` is how callers
 * recognise it.
 */
export class CorruptCandleFileError extends DataIntegrityError {
  readonly rebuildable = true;
}

/**
 * A candle file that could not be read for a reason that says nothing about its content (permissions, a folder
 * in its place, out of memory, too many open files): it must be left alone, never rebuilt. Exit 3.
 */
export class UnreadableCandleFileError extends DataIntegrityError {}

/** True for errors meaning "this candle file is damaged; move it aside and fetch it again". */
export function isCorruptStoreError(error: unknown): error is CorruptCandleFileError {
  return error instanceof CorruptCandleFileError;
}

/** DuckDB error kinds about what the file holds, as opposed to I/O, memory or interruption. */
const CONTENT_ERROR = /^(Invalid Input|Invalid|Binder|Conversion|Parser|Catalog) Error\b/;

/**
 * The error for a Parquet read that failed: corrupt when DuckDB objects to the content or the file lacks the
 * Parquet magic bytes at either end, unreadable otherwise (a passing failure must never get a file rebuilt).
 */
export function parquetReadError(file: string, error: unknown): DataIntegrityError {
  const reason = describeError(error).split('\n')[0];
  if (CONTENT_ERROR.test(reason) || lacksParquetMagic(file)) {
    return new CorruptCandleFileError(file, `cannot be read as a candle Parquet file (${reason}); ${REBUILD_HINT}`, { cause: error });
  }
  return new UnreadableCandleFileError(
    file,
    `cannot be read (${reason}); it was left untouched: check its permissions, free disk space and memory, then run again`,
    { cause: error },
  );
}

/** True for a regular file shorter than a Parquet file can be, or without "PAR1" at its start and end. */
function lacksParquetMagic(file: string): boolean {
  let descriptor: number | undefined;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return false; // a folder or a device is not a damaged file: leave it alone
    if (stats.size < 12) return true;
    descriptor = openSync(file, 'r');
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    readSync(descriptor, head, 0, 4, 0);
    readSync(descriptor, tail, 0, 4, stats.size - 4);
    return head.toString('latin1') !== 'PAR1' || tail.toString('latin1') !== 'PAR1';
  } catch {
    return false; // cannot even look: not evidence of damage
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
