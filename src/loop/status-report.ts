import { existsSync } from 'node:fs';
import type { AppConfig } from '../config/app-config.js';
import type { ActiveStrategy } from '../config/strategies-file.js';
import type { Timeframe } from '../core/timeframe.js';
import { manifestKey, readManifest } from '../data/manifest.js';
import { ohlcvPath } from '../data/ohlcv-store.js';
import { NO_EXCHANGE } from '../data/stored-series.js';
import { readWatchlist } from '../data/watchlist.js';
import { readActiveSet } from '../promote/strategies-store.js';
import { PAIR_STATES, classifyPairState, type PairState } from './pair-state.js';

/** One row of `scalp status`: a pair x timeframe with its state and data quality. */
export interface PairStatusRow {
  readonly pair: string;
  readonly tf: Timeframe;
  readonly state: PairState;
  readonly last_candle: number | null;
  readonly age_ms: number | null;
  readonly rows: number;
  readonly missing: number;
  readonly gaps: number;
  readonly strategy?: string;
  readonly grade?: string;
  readonly expires_at?: string;
  /** The forward test's last verdict on the active strategy (keep, wait, stale, unjudged; a demoted one is gone). */
  readonly forward?: string;
  /** True when the stored series holds simulated candles (its own record, whatever runtime.exchange says now). */
  readonly simulated?: boolean;
}

export interface StatusReport {
  readonly exchange: string;
  /** True when some stored series is simulated (or, with nothing stored yet, when runtime.exchange is sim). */
  readonly simulated: boolean;
  readonly risk_mode: string;
  readonly taken_at: string;
  readonly watchlist_taken_at: string | null;
  readonly counts: Record<PairState, number>;
  readonly rows: readonly PairStatusRow[];
  readonly hints: readonly string[];
}

/** Pairs to report: the watchlist first (in its order), then any pair with an active strategy or candles on disk. */
function pairsToReport(watchlistPairs: readonly string[], active: readonly ActiveStrategy[], manifestPairs: readonly string[]): string[] {
  const pairs = new Set<string>(watchlistPairs);
  for (const entry of active) pairs.add(entry.pair);
  for (const pair of manifestPairs) pairs.add(pair);
  return [...pairs];
}

/** Reads the watchlist, the data manifest and the active set, and classifies every pair x tf (DESIGN.md section 4). */
export async function collectStatus(config: AppConfig, now = Date.now()): Promise<StatusReport> {
  const { dataDir, strategiesFile } = config.paths;
  const watchlist = await readWatchlist(dataDir);
  const manifest = await readManifest(dataDir);
  const active = readActiveSet(strategiesFile);
  const entries = Object.values(manifest.entries);
  const pairs = pairsToReport(watchlist?.pairs.map((p) => p.symbol) ?? [], active, entries.map((e) => e.pair));
  const rows: PairStatusRow[] = [];
  // exchange none fetches nothing, so a stored series is never OLD: it is as fresh as it will get.
  const offline = config.runtime.exchange === NO_EXCHANGE;
  for (const pair of pairs) {
    for (const tf of config.runtime.tf_list) {
      const entry = manifest.entries[manifestKey(pair, tf)];
      const hasFile = existsSync(ohlcvPath(dataDir, pair, tf));
      const strategy = active.find((a) => a.pair === pair && a.tf === tf);
      const lastCandle = hasFile ? (entry?.last ?? undefined) : undefined;
      const state = classifyPairState({
        tf,
        lastCandle: hasFile ? (offline ? now : (lastCandle ?? 0)) : undefined,
        ageMult: config.runtime.age_mult,
        now,
        strategyExpiresAt: strategy ? Date.parse(strategy.expires_at) : undefined,
      });
      rows.push({
        pair,
        tf,
        state,
        last_candle: lastCandle ?? null,
        age_ms: lastCandle === undefined ? null : now - lastCandle,
        rows: entry?.rows ?? 0,
        missing: entry?.missing_total ?? 0,
        gaps: entry?.gaps.length ?? 0,
        ...(strategy ? { strategy: strategy.strategy, grade: strategy.grade, expires_at: strategy.expires_at } : {}),
        ...(strategy?.forward ? { forward: strategy.forward.verdict } : {}),
        ...(hasFile && entry ? { simulated: entry.simulated } : {}),
      });
    }
  }
  const counts = Object.fromEntries(PAIR_STATES.map((s) => [s, rows.filter((r) => r.state === s).length])) as Record<PairState, number>;
  const hints: string[] = [];
  if (offline) {
    if (!watchlist) hints.push('no watchlist yet: `scalp run --once` lists the stored pairs (exchange none)');
    if (counts.MIS > 0) hints.push('MIS pairs: exchange none fetches nothing; bring their candles in with `scalp import`');
  } else {
    if (!watchlist) hints.push('no watchlist yet: run `scalp watchlist` (or `scalp run --once`)');
    if (counts.MIS + counts.OLD > 0) hints.push('MIS/OLD pairs: run `scalp backfill` to fetch candles');
  }
  if (counts.DAT > 0) hints.push('DAT pairs: run `scalp backtest` then `scalp promote`');
  // Labels come from the series themselves; only an empty store falls back to what the config will fetch.
  const stored = entries.filter((e) => e.rows > 0);
  const simulated = stored.length > 0 ? stored.some((e) => e.simulated) : config.runtime.exchange === 'sim';
  return {
    exchange: watchlist?.exchange ?? config.runtime.exchange,
    simulated,
    risk_mode: config.runtime.risk_mode,
    taken_at: new Date(now).toISOString(),
    watchlist_taken_at: watchlist?.taken_at ?? null,
    counts,
    rows,
    hints,
  };
}

