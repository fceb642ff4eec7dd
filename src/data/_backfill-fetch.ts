import type { CandleRow } from '../core/candles.js';
import { ExchangeUnavailableError } from '../core/errors.js';
import type { PairSymbol } from '../core/pair.js';
import { timeframeMs, type Timeframe } from '../core/timeframe.js';
import { isoTime } from './_validate-candles.js';
import type { Exchange } from './exchange.js';
import type { FetchGap } from './manifest.js';
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
  /**
   * True (the default) for a range that must have candles, from the last stored one up to now: a page with no
   * candle at or after the one asked for (empty, or older candles only) is a bad answer, retried, then skipped and
   * recorded, never taken for the end of history. False when asking again for a gap: the exchange may well have
   * nothing there, and such a page ends the range.
   */
  readonly expectCandles?: boolean;
}

export interface RangeResult {
  /** Candles with open time in [from, to), as the exchange sent them. */
  readonly rows: CandleRow[];
  /** Pages that stayed unusable through every retry and were skipped. */
  readonly skipped: FetchGap[];
}

/** A 200 answer with no candle where candles must be: retried like a failed request. */
class UnusablePageError extends ExchangeUnavailableError {
  constructor(readonly problem: string, where: string) {
    super(`${where}: ${problem}; scalp asks again`);
  }
}

/** What is wrong with a page asked from `since`, or undefined when it holds a candle at or after `since`. */
function pageProblem(page: readonly CandleRow[], since: number): string | undefined {
  if (page.length === 0) return `the exchange answered no candles from ${isoTime(since)} on`;
  const newest = page.reduce((latest, row) => Math.max(latest, row[0]), -Infinity);
  if (newest < since) return `the exchange answered candles older than asked (newest ${isoTime(newest)}, asked from ${isoTime(since)})`;
  return undefined;
}

/** One page, retried on failures and (when candles are expected) on unusable answers; 'unusable' after the last. */
async function fetchPage(request: RangeRequest, since: number, limit: number): Promise<readonly CandleRow[] | { unusable: string }> {
  const { exchange, pair, tf } = request;
  const where = `${exchange.id} fetchOHLCV ${pair} ${tf}`;
  try {
    return await withRetry(async () => {
      const page = await exchange.fetchOHLCV(pair, tf, since, limit);
      const problem = request.expectCandles === false ? undefined : pageProblem(page, since);
      if (problem) throw new UnusablePageError(problem, where);
      return page;
    }, request.retry);
  } catch (error) {
    if (!(error instanceof UnusablePageError)) throw error;
    return { unusable: `${error.problem}, ${request.retry.retries + 1} times` };
  }
}

/**
 * Closed candles with open time in [from, to), page by page: each request asks from `since` for at most
 * `ohlcvPageLimit` candles (fewer when the range is shorter), then `since` moves past the last candle returned.
 * Each page is retried on its own. A page that stays unusable is skipped (its span recorded) and the next one is
 * asked for; in a gap refetch (expectCandles false) such a page ends the range.
 */
export async function fetchCandleRange(request: RangeRequest): Promise<RangeResult> {
  const { exchange, to } = request;
  const step = timeframeMs(request.tf);
  const rows: CandleRow[] = [];
  const skipped: FetchGap[] = [];
  let since = request.from;
  while (since < to) {
    const limit = Math.max(1, Math.min(exchange.ohlcvPageLimit, Math.ceil((to - since) / step)));
    const page = await fetchPage(request, since, limit);
    if ('unusable' in page) {
      if (request.expectCandles === false) break;
      const end = Math.min(to, since + limit * step);
      skipped.push({ from: since, to: end - step, missing: Math.ceil((end - since) / step), reason: page.unusable });
      since = end;
      continue;
    }
    let last = since - step;
    for (const row of page) {
      if (row[0] >= since && row[0] < to) rows.push(row);
      if (row[0] > last) last = row[0];
    }
    if (last + step <= since) break; // only in a gap refetch: nothing at or after `since`
    since = last + step;
  }
  return { rows, skipped };
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
