import type { AppConfig } from '../config/app-config.js';
import type { Timeframe } from '../core/timeframe.js';
import { backfillAll, type BackfillReport } from '../data/backfill.js';
import type { Exchange } from '../data/exchange.js';
import { NO_EXCHANGE, refreshStoredWatchlist } from '../data/stored-series.js';
import { readWatchlist, refreshWatchlist } from '../data/watchlist.js';
import type { StepOutcome } from './cycle-step.js';
import type { PairStatusRow } from './status-report.js';

/** Refreshes the watchlist when there is none or it is older than runtime.watchlist_refresh_minutes. */
export async function watchlistStep(config: AppConfig, exchange: Exchange, now: number): Promise<StepOutcome> {
  const runtime = config.runtime;
  const current = await readWatchlist(config.paths.dataDir);
  const ageMinutes = current ? (now - Date.parse(current.taken_at)) / 60_000 : Infinity;
  if (exchange.id === NO_EXCHANGE) {
    // Offline: the watchlist is every stored pair, taken again each cycle (an import may have added some).
    const stored = await refreshStoredWatchlist(config.paths.dataDir, runtime.market, runtime.quote, now);
    return { counts: { pairs: stored.pairs.length }, note: 'exchange none: the watchlist is the stored pairs' };
  }
  if (current && ageMinutes < runtime.watchlist_refresh_minutes) {
    return { status: 'skipped', counts: { pairs: current.pairs.length }, note: `watchlist is ${Math.round(ageMinutes)} min old` };
  }
  const fresh = await refreshWatchlist(
    exchange,
    { quote: runtime.quote, market: runtime.market, topN: runtime.topN, minQuoteVolume: runtime.min_quote_volume },
    config.paths.dataDir,
    now,
  );
  return { counts: { pairs: fresh.pairs.length } };
}

/** Groups pair x tf rows by timeframe: {tf -> pairs}. */
export function pairsByTimeframe(rows: readonly Pick<PairStatusRow, 'pair' | 'tf'>[]): Map<Timeframe, string[]> {
  const groups = new Map<Timeframe, string[]>();
  for (const row of rows) groups.set(row.tf, [...(groups.get(row.tf) ?? []), row.pair]);
  return groups;
}

/** Backfills every MIS/OLD pair x tf; failures are reported per pair and the others are written. */
export async function backfillStep(config: AppConfig, exchange: Exchange, targets: readonly PairStatusRow[]): Promise<StepOutcome> {
  if (exchange.id === NO_EXCHANGE) return { status: 'skipped', note: 'exchange none: nothing is fetched; the stored series are used as they are (scalp import adds candles)' };
  if (targets.length === 0) return { status: 'skipped', note: 'every pair x tf is fresh' };
  const reports: BackfillReport[] = [];
  for (const [tf, pairs] of pairsByTimeframe(targets)) {
    reports.push(
      ...(await backfillAll({
        exchange,
        dataDir: config.paths.dataDir,
        pairs,
        tfs: [tf],
        backfillLimit: config.runtime.backfill_limit,
        csvMirror: config.runtime.csv_mirror,
        retries: config.runtime.retries,
        retryBaseMs: config.runtime.retry_base_ms,
      })),
    );
  }
  const failed = reports.filter((r) => r.status === 'failed');
  return {
    counts: { jobs: reports.length, failed: failed.length, candles_added: reports.reduce((sum, r) => sum + r.added, 0) },
    errors: failed.map((r) => `${r.pair} ${r.tf}: ${r.error ?? 'failed'}`),
    warnings: reports.flatMap((r) => r.warnings),
  };
}
