import { join } from 'node:path';
import { candleCount, candlesFromRows, type Candles } from '../core/candles.js';
import { describeError, PartialFailureError } from '../core/errors.js';
import type { PairSymbol } from '../core/pair.js';
import { floorToTimeframe, timeframeMs, type Timeframe } from '../core/timeframe.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { sweepLeftovers } from '../io/sweep-leftovers.js';
import { csvMirrorPath, loadStoredCandles } from './_backfill-existing.js';
import { fetchCandleRange } from './_backfill-fetch.js';
import { runPool } from './_backfill-pool.js';
import { backfillWarnings, FetchedCandles, gapsToAsk, mergeQuarantinedRows, stillMissing } from './_backfill-records.js';
import { formatCandlesCsv } from './csv-candles.js';
import { assessCandles } from './data-quality.js';
import type { Exchange } from './exchange.js';
import { changeManifestEntry, type FetchGap, manifestKey, manifestPath, readManifest } from './manifest.js';
import { appendCandles, mergeCandles, ohlcvPath } from './ohlcv-store.js';
import type { RetryOptions } from './retry.js';

export interface BackfillSettings {
  readonly exchange: Exchange;
  readonly dataDir: string;
  /** Candles fetched back from now the first time a pair x tf is seen (or after a corrupt file was moved aside). */
  readonly backfillLimit: number;
  /** Also write `<TF>.csv` beside the Parquet file. */
  readonly csvMirror: boolean;
  /** Retries per request on retryable errors (network, timeout, 429, 5xx). */
  readonly retries: number;
  readonly retryBaseMs: number;
  /** Epoch ms; default exchange.now(). Candles still open at this instant are never stored. */
  readonly now?: number;
  readonly onRetry?: RetryOptions['onRetry'];
}

export interface BackfillPairOptions extends BackfillSettings {
  readonly pair: PairSymbol;
  readonly tf: Timeframe;
}

export interface BackfillReport {
  readonly pair: PairSymbol;
  readonly tf: Timeframe;
  readonly status: 'ok' | 'failed';
  /** Closed candles the exchange returned in this run and that were kept (main range and gap refetches). */
  readonly fetched: number;
  /** Candles the file gained. */
  readonly added: number;
  /** Candles in the file afterwards. */
  readonly rows: number;
  /** Gaps found in the newly fetched range (or recorded as fetch gaps before) and asked for once more. */
  readonly gaps_refetched: number;
  /** Gaps the file still has (the exchange has no candles there; never forward-filled). */
  readonly gaps_unfilled: number;
  /** Of those, ranges the exchange kept answering nothing for (empty or backwards pages): asked again next run. */
  readonly fetch_gaps: number;
  /** Candles refused in this run (zero price, high below the body...): recorded in the manifest, never stored. */
  readonly quarantined_rows: number;
  /** True when a corrupt file was moved to the quarantine folder and fetched again from scratch. */
  readonly rebuilt: boolean;
  /** Where the corrupt file went (under `<data_dir>/quarantine/`). */
  readonly quarantined_file?: string;
  /** What the user should know even when the run succeeded: a file moved aside, candles refused, gaps recorded. */
  readonly warnings: string[];
  readonly error?: string;
}

type Progress = { -readonly [K in keyof BackfillReport]: BackfillReport[K] };

/** What one run fetches: [from, openCandle) after the stored candles, and the fetch gaps earlier runs recorded. */
interface MissingRange {
  readonly existing: Candles;
  readonly from: number;
  readonly openCandle: number;
  readonly recorded: readonly FetchGap[];
}

/** Fetches [from, openCandle) and then each gap once more, keeping what keeps the rules. */
async function fetchMissing(options: BackfillPairOptions, missing: MissingRange, progress: Progress): Promise<FetchedCandles> {
  const { exchange, pair, tf } = options;
  const { existing, from, openCandle, recorded } = missing;
  const retry: RetryOptions = { retries: options.retries, baseMs: options.retryBaseMs, onRetry: options.onRetry };
  const range = { exchange, pair, tf, retry };
  const fetched = new FetchedCandles();
  if (from < openCandle) fetched.add(await fetchCandleRange({ ...range, from, to: openCandle }));
  const combined = mergeCandles(existing, candlesFromRows(fetched.rows));
  for (const gap of gapsToAsk(combined, tf, from, recorded)) {
    fetched.add(await fetchCandleRange({ ...range, from: gap.from, to: gap.to, expectCandles: false }));
    progress.gaps_refetched++;
  }
  return fetched;
}

async function backfillInto(options: BackfillPairOptions, progress: Progress): Promise<void> {
  const { exchange, dataDir, pair, tf } = options;
  const step = timeframeMs(tf);
  const openCandle = floorToTimeframe(options.now ?? exchange.now(), tf);
  const file = ohlcvPath(dataDir, pair, tf);
  const stored = await loadStoredCandles(dataDir, file, pair, tf, exchange);
  if (stored.quarantined) {
    const { path, reason } = stored.quarantined;
    progress.rebuilt = true;
    progress.quarantined_file = path;
    progress.warnings.push(`${file} was corrupt (${reason}); moved to ${path} and fetched again from the exchange`);
  }
  const existing = stored.candles;
  const count = candleCount(existing);
  const previous = (await readManifest(dataDir)).entries[manifestKey(pair, tf)];
  const from = count > 0 ? existing.timestamp[count - 1] + step : openCandle - options.backfillLimit * step;
  const fetched = await fetchMissing(options, { existing, from, openCandle, recorded: previous?.fetch_gaps ?? [] }, progress);
  progress.fetched = fetched.rows.length;

  let candles = existing;
  if (fetched.rows.length > 0) {
    const meta = { pair, tf, source: exchange.id, simulated: exchange.simulated };
    candles = await appendCandles(file, candlesFromRows(fetched.rows), meta, { onRefused: (rows) => fetched.refuse(rows) });
    if (options.csvMirror) await writeFileAtomic(csvMirrorPath(file), formatCandlesCsv(candles));
  }
  await recordInManifest(options, candles, count, fetched, progress);
}

/** Writes the manifest entry (quality, fetch gaps, quarantined rows) and fills the report's counts and warnings. */
async function recordInManifest(
  options: BackfillPairOptions,
  candles: Candles,
  storedBefore: number,
  fetched: FetchedCandles,
  progress: Progress,
): Promise<void> {
  const { exchange, dataDir, pair, tf } = options;
  const quality = assessCandles(candles, tf);
  const newGaps = stillMissing(fetched.skipped, candles.timestamp, tf);
  progress.added = quality.rows - storedBefore;
  progress.rows = quality.rows;
  progress.gaps_unfilled = quality.gaps.length;
  progress.quarantined_rows = fetched.refused.length;
  progress.warnings.push(...backfillWarnings(pair, tf, manifestPath(dataDir), fetched.refused, newGaps));
  if (quality.rows === 0 && fetched.refused.length === 0 && newGaps.length === 0) return;
  const manifest = await changeManifestEntry(dataDir, pair, tf, (current) => ({
    ...current,
    pair, tf,
    rows: quality.rows,
    first: quality.first,
    last: quality.last,
    gaps: quality.gaps,
    missing_total: quality.missing_total,
    zero_volume: quality.zero_volume,
    last_fetch: new Date().toISOString(),
    source: exchange.id,
    simulated: exchange.simulated,
    unfilled_gaps: quality.gaps,
    fetch_gaps: stillMissing([...(current?.fetch_gaps ?? []), ...fetched.skipped], candles.timestamp, tf),
    quarantined_rows: mergeQuarantinedRows(current?.quarantined_rows ?? [], fetched.refused),
  }));
  progress.fetch_gaps = manifest.entries[manifestKey(pair, tf)].fetch_gaps?.length ?? 0;
}

/**
 * Brings one pair x tf up to date. First time: the last `backfillLimit` closed candles; afterwards only candles
 * after the last stored one. Pages by the exchange's page limit, drops the still-open candle, de-duplicates,
 * re-fetches each new gap once (what stays missing stays missing and is recorded in the manifest). The stored file
 * is read under its lock; a corrupt one is moved to the quarantine folder and rebuilt. Failed requests and unusable
 * answers are retried; a page that stays empty becomes a recorded gap, never the end of history. Candles breaking
 * a rule are quarantined in the manifest, the others stored. Writes the Parquet atomically under its lock, the
 * manifest entry and the optional CSV mirror. Never throws: a failure is a report with status 'failed'.
 */
export async function backfillPair(options: BackfillPairOptions): Promise<BackfillReport> {
  const progress: Progress = {
    pair: options.pair, tf: options.tf, status: 'ok',
    fetched: 0, added: 0, rows: 0, gaps_refetched: 0, gaps_unfilled: 0, fetch_gaps: 0, quarantined_rows: 0,
    rebuilt: false, warnings: [],
  };
  try {
    await backfillInto(options, progress);
    return progress;
  } catch (error) {
    return { ...progress, status: 'failed', error: describeError(error) };
  }
}

export interface BackfillAllOptions extends BackfillSettings {
  readonly pairs: readonly PairSymbol[];
  readonly tfs: readonly Timeframe[];
  /** Pair x tf jobs in flight at once (default 3); they share the exchange client and its rate limiter. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: { done: number; total: number; pair: PairSymbol; tf: Timeframe; report: BackfillReport }) => void;
}

/** Backfills every pair x tf, a few at a time; one failing never stops the others. Reports keep pairs x tfs order. */
export async function backfillAll(options: BackfillAllOptions): Promise<BackfillReport[]> {
  // Temp files and stale locks a killed backfill left beside the candle files (never a live writer's).
  await sweepLeftovers([{ folder: join(options.dataDir, 'ohlcv'), recursive: true }]);
  const jobs = options.pairs.flatMap((pair) => options.tfs.map((tf) => ({ pair, tf })));
  let done = 0;
  return runPool(jobs, options.concurrency ?? 3, async ({ pair, tf }) => {
    const report = await backfillPair({ ...options, pair, tf });
    done++;
    options.onProgress?.({ done, total: jobs.length, pair, tf, report });
    return report;
  });
}

/** A PartialFailureError listing the failed pair x tf (for the CLI's exit code 1), or undefined when all succeeded. */
export function backfillFailure(reports: readonly BackfillReport[]): PartialFailureError | undefined {
  const failures = reports.filter((report) => report.status === 'failed');
  if (failures.length === 0) return undefined;
  return new PartialFailureError(
    `backfill: ${failures.length} of ${reports.length} pair x timeframe failed (${failures.map((f) => `${f.pair} ${f.tf}`).join(', ')}); ` +
      'the others were saved; run scalp backfill again to retry the failed ones',
    failures.map((failure) => ({ item: `${failure.pair} ${failure.tf}`, error: failure.error ?? 'unknown error' })),
  );
}
