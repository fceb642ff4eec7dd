import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DataIntegrityError } from '../core/errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { withLock } from '../io/lock-file.js';

const GapSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  missing: z.number().int().positive(),
});

/** A range the exchange answered nothing usable for (empty or backwards pages) after every retry. */
const FetchGapSchema = GapSchema.extend({ reason: z.string() });

/** A candle refused at the door (zero price, high below the body...): never stored, kept here with why. */
const QuarantinedRowSchema = z.object({
  timestamp: z.number(),
  /** The values as they came; null for a value JSON cannot hold (NaN, Infinity). */
  open: z.number().nullable(),
  high: z.number().nullable(),
  low: z.number().nullable(),
  close: z.number().nullable(),
  volume: z.number().nullable(),
  rule: z.string(),
  reason: z.string(),
  quarantined_at: z.string(),
});

/** A damaged candle file moved aside (never deleted) before the pair was fetched again. */
const QuarantinedFileSchema = z.object({ path: z.string(), reason: z.string(), moved_at: z.string() });

/** One stored (pair, tf): what the file holds and where it came from. Candle times are epoch ms; fetch times ISO. */
export const ManifestEntrySchema = z.object({
  pair: z.string().min(1),
  tf: z.string().min(1),
  rows: z.number().int().nonnegative(),
  first: z.number().int().nullable(),
  last: z.number().int().nullable(),
  gaps: z.array(GapSchema),
  missing_total: z.number().int().nonnegative(),
  zero_volume: z.number().int().nonnegative(),
  /** When the exchange was last asked for candles (ISO time). */
  last_fetch: z.string().nullable(),
  source: z.string(),
  simulated: z.boolean(),
  /** Gaps the exchange was asked to fill and could not (it has no candles there). */
  unfilled_gaps: z.array(GapSchema).optional(),
  /** Ranges skipped because the exchange kept answering nothing for them; the next backfill asks again. */
  fetch_gaps: z.array(FetchGapSchema).optional(),
  /** Candles refused at the door, newest last (one per open time; the latest refusal wins). */
  quarantined_rows: z.array(QuarantinedRowSchema).optional(),
  /** Damaged files moved to the quarantine folder. */
  quarantined_files: z.array(QuarantinedFileSchema).optional(),
});

/** `data/manifest.json`: one entry per "<PAIR>|<TF>" (the ccxt symbol, e.g. "BTC/USDT|5m"). */
export const ManifestSchema = z.object({
  updated_at: z.string(),
  entries: z.record(z.string(), ManifestEntrySchema),
});

export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;
export type FetchGap = z.infer<typeof FetchGapSchema>;
export type QuarantinedRow = z.infer<typeof QuarantinedRowSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;

const REBUILD_HINT = 'delete the file and run scalp backfill to rebuild it';

export function manifestPath(dataDir: string): string {
  return join(dataDir, 'manifest.json');
}

export function manifestKey(pair: string, tf: string): string {
  return `${pair}|${tf}`;
}

/**
 * Reads `<dataDir>/manifest.json`; a missing file is an empty manifest. A damaged one throws a DataIntegrityError
 * naming the file and the key path.
 */
export async function readManifest(dataDir: string): Promise<Manifest> {
  const file = manifestPath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { updated_at: new Date(0).toISOString(), entries: {} };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataIntegrityError(file, `not valid JSON (${(error as Error).message}); ${REBUILD_HINT}`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keyPath = issue.path.map(String).join('.');
    throw new DataIntegrityError(file, `${keyPath || '(top level)'}: ${issue.message}; ${REBUILD_HINT}`);
  }
  return parsed.data;
}

/**
 * Sets one entry of the manifest: a locked (`manifest.json.lock`) read-modify-write, written atomically, so
 * concurrent backfills of different pairs each keep their entry. Returns the manifest as written.
 */
export async function updateManifestEntry(dataDir: string, entry: ManifestEntry): Promise<Manifest> {
  return changeManifestEntry(dataDir, entry.pair, entry.tf, () => entry);
}

/**
 * Like {@link updateManifestEntry}, with the new entry computed from the one there now (undefined when none)
 * inside the same lock: how records (quarantined rows and files) are added to rather than replaced.
 */
export async function changeManifestEntry(
  dataDir: string,
  pair: string,
  tf: string,
  change: (current: ManifestEntry | undefined) => ManifestEntry,
): Promise<Manifest> {
  const file = manifestPath(dataDir);
  const key = manifestKey(pair, tf);
  return withLock(
    `${file}.lock`,
    async () => {
      const manifest = await readManifest(dataDir);
      const valid = ManifestEntrySchema.parse(change(manifest.entries[key]));
      const next: Manifest = {
        updated_at: new Date().toISOString(),
        entries: { ...manifest.entries, [key]: valid },
      };
      await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
      return next;
    },
    { wait: 30_000 },
  );
}
