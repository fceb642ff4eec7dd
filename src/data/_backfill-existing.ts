import { existsSync } from 'node:fs';
import { allocateCandles, type Candles } from '../core/candles.js';
import type { PairSymbol } from '../core/pair.js';
import type { Timeframe } from '../core/timeframe.js';
import { withLock } from '../io/lock-file.js';
import { cachePathFor } from './candle-cache.js';
import { REBUILD_HINT } from './candle-file-errors.js';
import { changeManifestEntry, type ManifestEntry } from './manifest.js';
import { candleFileLock, isCorruptStoreError, readCandles } from './ohlcv-store.js';
import { moveToQuarantine } from './quarantine.js';

export interface StoredCandles {
  readonly candles: Candles;
  /** Where a corrupt file went (it is rebuilt from the exchange), and why it was judged corrupt. */
  readonly quarantined?: { readonly path: string; readonly reason: string };
}

/** The CSV mirror beside a candle Parquet file. */
export function csvMirrorPath(file: string): string {
  return file.replace(/\.parquet$/, '.csv');
}

/**
 * The stored candles of `file`, read under the file's lock so a writer in the middle of replacing it is waited
 * for, never mistaken for damage. A file that really is corrupt (not Parquet, truncated, invalid rows) is moved
 * with its cache and CSV mirror to `<dataDir>/quarantine/`, never deleted, and recorded in the manifest at once
 * (even if the rebuild then fails); the caller fetches it again from scratch. Any other read error is thrown and
 * the file left where it is.
 */
export async function loadStoredCandles(
  dataDir: string,
  file: string,
  pair: PairSymbol,
  tf: Timeframe,
  source: { id: string; simulated: boolean },
): Promise<StoredCandles> {
  const stored = await withLock(
    candleFileLock(file),
    async (): Promise<StoredCandles> => {
      if (!existsSync(file)) return { candles: allocateCandles(0) };
      try {
        return { candles: await readCandles(file) };
      } catch (error) {
        if (!isCorruptStoreError(error)) throw error;
        const path = await moveToQuarantine(dataDir, file, [cachePathFor(file), csvMirrorPath(file)]);
        return { candles: allocateCandles(0), quarantined: { path, reason: error.problem.replace(`; ${REBUILD_HINT}`, '') } };
      }
    },
    { wait: 120_000 },
  );
  if (stored.quarantined) await recordQuarantinedFile(dataDir, pair, tf, source, stored.quarantined);
  return stored;
}

/** The manifest entry now says the pair x tf has no file, and where the old one went. */
async function recordQuarantinedFile(
  dataDir: string,
  pair: PairSymbol,
  tf: Timeframe,
  source: { id: string; simulated: boolean },
  moved: { path: string; reason: string },
): Promise<void> {
  await changeManifestEntry(dataDir, pair, tf, (current): ManifestEntry => ({
    ...current,
    pair, tf, rows: 0, first: null, last: null, gaps: [], missing_total: 0, zero_volume: 0, unfilled_gaps: [], fetch_gaps: [],
    last_fetch: current?.last_fetch ?? null,
    source: current?.source ?? source.id,
    simulated: current?.simulated ?? source.simulated,
    quarantined_files: [...(current?.quarantined_files ?? []), { ...moved, moved_at: new Date().toISOString() }],
  }));
}
