import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Timeframe } from '../core/timeframe.js';
import { ohlcvPath, readCandles } from '../data/ohlcv-store.js';

/** The candle files of these pairs x timeframes (whether they exist or not). */
export function candleFilesOf(dataDir: string, pairs: readonly string[], tfs: readonly Timeframe[]): string[] {
  return pairs.flatMap((pair) => tfs.map((tf) => ohlcvPath(dataDir, pair, tf)));
}

/** Every stored candle file of these timeframes: data/ohlcv/<PAIR>/<tf>.parquet. */
export function storedCandleFiles(dataDir: string, tfs: readonly Timeframe[]): string[] {
  const root = join(dataDir, 'ohlcv');
  if (!existsSync(root)) return [];
  const folders = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return folders.flatMap((folder) => tfs.map((tf) => join(root, folder.name, `${tf}.parquet`))).sort();
}

/**
 * Reads each existing file once (through the columnar cache, so a healthy file costs one read the command would
 * do anyway). A corrupt one throws its DataIntegrityError (exit 3, naming the file and `scalp backfill`), before
 * the command has written anything: a result computed while some candles silently dropped out is worse than none.
 */
export async function assertCandleFilesReadable(files: readonly string[]): Promise<void> {
  for (const file of files) if (existsSync(file)) await readCandles(file);
}
