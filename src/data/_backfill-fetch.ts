import type { CandleRow } from '../core/candles.js';
import type { PairSymbol } from '../core/pair.js';
import { timeframeMs, type Timeframe } from '../core/timeframe.js';
import type { Exchange } from './exchange.js';
import { withRetry, type RetryOptions } from './retry.js';

export interface RangeRequest {
  readonly exchange: Exchange;
  readonly pair: PairSymbol;
  readonly tf: Timeframe;
  /** First open time wanted (inclusive). */
  readonly from: number;
  /** Open times must be below this (exclusive): the open time of the still-open candle, or a gap's end. */
  readonly to: number;
  readonly retry: RetryOptions;
}

/**
 * Closed candles with open time in [from, to), page by page: each request asks from `since` for at most
 * `ohlcvPageLimit` candles (fewer when the range is shorter), then `since` moves past the last candle returned.
 * Stops at `to`, on an empty page, or when a page makes no progress. Each page is retried on its own.
 */
export async function fetchCandleRange(request: RangeRequest): Promise<CandleRow[]> {
  const { exchange, pair, tf, to } = request;
  const step = timeframeMs(tf);
  const rows: CandleRow[] = [];
  let since = request.from;
  while (since < to) {
    const limit = Math.max(1, Math.min(exchange.ohlcvPageLimit, Math.ceil((to - since) / step)));
    const page = await withRetry(() => exchange.fetchOHLCV(pair, tf, since, limit), request.retry);
    if (page.length === 0) break;
    let last = since - step;
    for (const row of page) {
      if (row[0] >= since && row[0] < to) rows.push(row);
      if (row[0] > last) last = row[0];
    }
    if (last + step <= since) break;
    since = last + step;
  }
  return rows;
}

/** Missing open-time ranges [from, to) between consecutive candles of a sorted timestamp column. */
export function findMissingRanges(timestamp: Float64Array, tf: Timeframe): { from: number; to: number }[] {
  const step = timeframeMs(tf);
  const ranges: { from: number; to: number }[] = [];
  for (let i = 1; i < timestamp.length; i++) {
    if (timestamp[i] - timestamp[i - 1] > step) ranges.push({ from: timestamp[i - 1] + step, to: timestamp[i] });
  }
  return ranges;
}
