import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { allocateCandles, candleCount, candlesFromRows, type Candles, type CandleRow } from '../core/candles.js';
import { describeError, PartialFailureError } from '../core/errors.js';
import type { PairSymbol } from '../core/pair.js';
import { floorToTimeframe, timeframeMs, type Timeframe } from '../core/timeframe.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { fetchCandleRange, findMissingRanges } from './_backfill-fetch.js';
import { runPool } from './_backfill-pool.js';
import { cachePathFor } from './candle-cache.js';
import { formatCandlesCsv } from './csv-candles.js';
import { assessCandles } from './data-quality.js';
import type { Exchange } from './exchange.js';
import { updateManifestEntry } from './manifest.js';
import { appendCandles, isCorruptStoreError, mergeCandles, ohlcvPath, readCandles } from './ohlcv-store.js';
import type { RetryOptions } from './retry.js';

export interface BackfillSettings {
  readonly exchange: Exchange;
  readonly dataDir: string;
  /** Candles fetched back from now the first time a pair x tf is seen (or after a corrupt file). */
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
  /** Closed candles the exchange returned in this run (main range and gap refetches). */
  readonly fetched: number;
  /** Candles the file gained. */
  readonly added: number;
  /** Candles in the file afterwards. */
  readonly rows: number;
  /** Gaps found in the newly fetched range and asked for once more. */
  readonly gaps_refetched: number;
  /** Gaps the file still has (the exchange has no candles there; never forward-filled). */
  readonly gaps_unfilled: number;
  /** True when a corrupt file was deleted and fetched again from scratch. */
  readonly rebuilt: boolean;
  readonly error?: string;
}

type Progress = { -readonly [K in keyof BackfillReport]: BackfillReport[K] };

/** The stored candles, or none; a corrupt file is deleted (with its cache) so it is rebuilt from scratch. */
async function loadExisting(file: string, progress: Progress): Promise<Candles> {
  if (!existsSync(file)) return allocateCandles(0);
  try {
    return await readCandles(file);
  } catch (error) {
    if (!isCorruptStoreError(error)) throw error;
    progress.rebuilt = true;
    await unlink(file);
    await unlink(cachePathFor(file)).catch(() => undefined);
    return allocateCandles(0);
  }
}

async function backfillInto(options: BackfillPairOptions, progress: Progress): Promise<void> {
  const { exchange, dataDir, pair, tf } = options;
  const step = timeframeMs(tf);
  const openCandle = floorToTimeframe(options.now ?? exchange.now(), tf);
  const file = ohlcvPath(dataDir, pair, tf);
  const existing = await loadExisting(file, progress);
  const stored = candleCount(existing);
  const from = stored > 0 ? existing.timestamp[stored - 1] + step : openCandle - options.backfillLimit * step;
  const retry: RetryOptions = { retries: options.retries, baseMs: options.retryBaseMs, onRetry: options.onRetry };
  const range = { exchange, pair, tf, retry };

  const rows: CandleRow[] = from < openCandle ? await fetchCandleRange({ ...range, from, to: openCandle }) : [];
  const combined = mergeCandles(existing, candlesFromRows(rows));
  for (const gap of findMissingRanges(combined.timestamp, tf).filter((missing) => missing.from >= from)) {
    rows.push(...(await fetchCandleRange({ ...range, from: gap.from, to: gap.to })));
    progress.gaps_refetched++;
  }
  progress.fetched = rows.length;

  let candles = existing;
  if (rows.length > 0) {
    candles = await appendCandles(file, candlesFromRows(rows), { pair, tf, source: exchange.id, simulated: exchange.simulated });
    if (options.csvMirror) await writeFileAtomic(file.replace(/\.parquet$/, '.csv'), formatCandlesCsv(candles));
  }
  const quality = assessCandles(candles, tf);
  progress.added = quality.rows - stored;
  progress.rows = quality.rows;
  progress.gaps_unfilled = quality.gaps.length;
  if (quality.rows === 0) return;
  await updateManifestEntry(dataDir, {
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
  });
}

/**
 * Brings one pair x tf up to date. First time: the last `backfillLimit` closed candles; afterwards only candles
 * after the last stored one. Pages by the exchange's page limit, drops the still-open candle, de-duplicates,
 * re-fetches each new gap once (what stays missing stays missing and is recorded in the manifest), writes the
 * Parquet atomically under its lock, the manifest entry and the optional CSV mirror. Never throws: a failure is
 * a report with status 'failed' and the error message.
 */
export async function backfillPair(options: BackfillPairOptions): Promise<BackfillReport> {
  const progress: Progress = {
    pair: options.pair, tf: options.tf, status: 'ok',
    fetched: 0, added: 0, rows: 0, gaps_refetched: 0, gaps_unfilled: 0, rebuilt: false,
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
