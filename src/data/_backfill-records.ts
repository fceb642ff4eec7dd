import type { CandleRow, Candles } from '../core/candles.js';
import type { PairSymbol } from '../core/pair.js';
import { timeframeMs, type Timeframe } from '../core/timeframe.js';
import { findMissingRanges, type RangeResult } from './_backfill-fetch.js';
import { isoTime, type RefusedCandle, splitImpossibleRows } from './_validate-candles.js';
import type { FetchGap, QuarantinedRow } from './manifest.js';

/** Rows of quarantined candles a manifest entry keeps (the newest); older refusals are dropped from the record. */
const MAX_QUARANTINED_ROWS = 1000;

/**
 * What one backfill gathered from the exchange: the candles that keep every rule, the ones refused at the door
 * (one per open time, the latest wins), and the page spans skipped because the exchange answered nothing usable.
 */
export class FetchedCandles {
  readonly rows: CandleRow[] = [];
  readonly skipped: FetchGap[] = [];
  readonly #refused = new Map<number, RefusedCandle & { at: string }>();

  add(result: RangeResult): void {
    const { kept, refused } = splitImpossibleRows(result.rows);
    this.rows.push(...kept);
    this.refuse(refused);
    this.skipped.push(...result.skipped);
  }

  refuse(refused: readonly RefusedCandle[]): void {
    const at = new Date().toISOString();
    for (const candle of refused) this.#refused.set(candle.row[0], { ...candle, at });
  }

  get refused(): (RefusedCandle & { at: string })[] {
    return [...this.#refused.values()];
  }
}

/** The manifest's quarantined rows after this run: the earlier records, then this run's (one per open time). */
export function mergeQuarantinedRows(earlier: readonly QuarantinedRow[], refused: FetchedCandles['refused']): QuarantinedRow[] {
  const now = refused.map(({ row, rule, reason, at }): QuarantinedRow => ({
    timestamp: row[0],
    open: jsonNumber(row[1]),
    high: jsonNumber(row[2]),
    low: jsonNumber(row[3]),
    close: jsonNumber(row[4]),
    volume: jsonNumber(row[5]),
    rule,
    reason,
    quarantined_at: at,
  }));
  const replaced = new Set(now.map((record) => record.timestamp));
  return [...earlier.filter((record) => !replaced.has(record.timestamp)), ...now].slice(-MAX_QUARANTINED_ROWS);
}

/** JSON has no NaN or Infinity: such a value is recorded as null (the reason says what it was). */
function jsonNumber(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * The parts of `ranges` that still have no candle in `timestamp` (sorted), each keeping its reason; ranges met
 * twice (recorded earlier and skipped again) are kept once.
 */
export function stillMissing(ranges: readonly FetchGap[], timestamp: Float64Array, tf: Timeframe): FetchGap[] {
  const step = timeframeMs(tf);
  const parts = new Map<string, FetchGap>();
  const keep = (from: number, to: number, reason: string) => {
    if (to >= from) parts.set(`${from}-${to}`, { from, to, missing: Math.round((to - from) / step) + 1, reason });
  };
  for (const range of ranges) {
    let start = range.from;
    for (let i = lowerBound(timestamp, range.from); i < timestamp.length && timestamp[i] <= range.to; i++) {
      keep(start, timestamp[i] - step, range.reason);
      start = timestamp[i] + step;
    }
    keep(start, range.to, range.reason);
  }
  return [...parts.values()].sort((a, b) => a.from - b.from);
}

/**
 * The ranges to ask for once more: the gaps in the newly fetched range (from `from` on), and what is still missing
 * of the ranges recorded as fetch gaps by earlier runs (the exchange answered nothing there), wherever they are.
 */
export function gapsToAsk(combined: Candles, tf: Timeframe, from: number, recorded: readonly FetchGap[]): { from: number; to: number }[] {
  const step = timeframeMs(tf);
  const fresh = findMissingRanges(combined.timestamp, tf).filter((gap) => gap.from >= from);
  // fresh gaps start at `from` or later; earlier ones are clipped below it, so the two never overlap
  const earlier = stillMissing(recorded, combined.timestamp, tf)
    .filter((gap) => gap.from < from)
    .map((gap) => ({ from: gap.from, to: Math.min(from, gap.to + step) }));
  return [...earlier, ...fresh].sort((a, b) => a.from - b.from);
}

/** First index whose value is >= target. */
function lowerBound(sorted: Float64Array, target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** One line per thing the user should know about this run: refused candles, pages recorded as gaps. */
export function backfillWarnings(
  pair: PairSymbol,
  tf: Timeframe,
  manifest: string,
  refused: FetchedCandles['refused'],
  newGaps: readonly FetchGap[],
): string[] {
  const warnings: string[] = [];
  if (refused.length > 0) {
    const first = refused[0];
    const count = refused.length === 1 ? '1 candle' : `${refused.length} candles`;
    const example = `first: ${isoTime(first.row[0])}: ${first.reason}`;
    warnings.push(`${pair} ${tf}: ${count} refused and recorded in ${manifest}, never stored (${example})`);
  }
  for (const gap of newGaps) {
    const where = `${gap.missing} candles from ${isoTime(gap.from)}`;
    warnings.push(`${pair} ${tf}: ${gap.reason}; recorded as a gap (${where}) in ${manifest}, asked again next run`);
  }
  return warnings;
}
