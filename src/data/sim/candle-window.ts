import type { CandleRow } from '../../core/candles.js';
import { timeframeMs, type Timeframe } from '../../core/timeframe.js';
import { DAY_MS, MINUTES_PER_DAY } from './day-seeds.js';
import type { SimMarketModel } from './market-model.js';
import { CLOSE_OFFSET, HIGH_OFFSET, LOW_OFFSET, OPEN_OFFSET, VOLUME_OFFSET } from './minute-day.js';
import type { SimMarketSpec } from './universe.js';

const MINUTE_MS = 60_000;

/**
 * Candles of `tf` opening at firstOpen, firstOpen + tf, ... up to lastOpen (both aligned on the UTC grid), each the
 * exact aggregation of its 1-minute bars: open of the first, highest high, lowest low, close of the last, summed
 * volume. Minutes after `nowMs` do not exist yet; the minute containing `nowMs` is included partially (see
 * partialMinute), so the candle containing now is still open, as on a live exchange.
 */
export function buildCandleRows(
  model: SimMarketModel,
  spec: SimMarketSpec,
  tf: Timeframe,
  firstOpen: number,
  lastOpen: number,
  nowMs: number,
): CandleRow[] {
  const candleMs = timeframeMs(tf);
  const nowMinute = Math.floor(nowMs / MINUTE_MS);
  const nowFraction = (nowMs - nowMinute * MINUTE_MS) / MINUTE_MS;
  const rows: CandleRow[] = [];
  let blockDay = Number.NaN;
  let block: Float64Array = new Float64Array(0);
  for (let openTime = firstOpen; openTime <= lastOpen; openTime += candleMs) {
    const firstMinute = openTime / MINUTE_MS;
    const lastMinute = Math.min(firstMinute + candleMs / MINUTE_MS - 1, nowMinute);
    let open = Number.NaN;
    let high = -Infinity;
    let low = Infinity;
    let close = Number.NaN;
    let volume = 0;
    for (let minute = firstMinute; minute <= lastMinute; minute++) {
      const day = Math.floor(minute / MINUTES_PER_DAY);
      if (day !== blockDay) {
        block = model.minuteDay(spec, day);
        blockDay = day;
      }
      const index = minute - day * MINUTES_PER_DAY;
      const bar = minute === nowMinute ? partialMinute(block, index, nowFraction) : fullMinute(block, index);
      if (minute === firstMinute) open = bar[0];
      if (bar[1] > high) high = bar[1];
      if (bar[2] < low) low = bar[2];
      close = bar[3];
      volume += bar[4];
    }
    rows.push([openTime, open, high, low, close, volume]);
  }
  return rows;
}

const bar = new Float64Array(5);

function fullMinute(block: Float64Array, index: number): Float64Array {
  bar[0] = block[OPEN_OFFSET + index];
  bar[1] = block[HIGH_OFFSET + index];
  bar[2] = block[LOW_OFFSET + index];
  bar[3] = block[CLOSE_OFFSET + index];
  bar[4] = block[VOLUME_OFFSET + index];
  return bar;
}

/**
 * The minute bar as seen `fraction` of the way through it: the close moves (in log terms) that fraction of the way
 * from open to the final close, the excursions beyond open/close and the volume grow with the fraction.
 * At fraction 0 it is a flat bar at the open with no volume; at 1 it is the full bar.
 */
export function partialMinute(block: Float64Array, index: number, fraction: number): Float64Array {
  const open = block[OPEN_OFFSET + index];
  const finalClose = block[CLOSE_OFFSET + index];
  const close = open * Math.pow(finalClose / open, fraction);
  const excursionUp = block[HIGH_OFFSET + index] - Math.max(open, finalClose);
  const excursionDown = Math.min(open, finalClose) - block[LOW_OFFSET + index];
  bar[0] = open;
  bar[1] = Math.max(open, close) + excursionUp * fraction;
  bar[2] = Math.min(open, close) - excursionDown * fraction;
  bar[3] = close;
  bar[4] = block[VOLUME_OFFSET + index] * fraction;
  return bar;
}

/** Quote volume (sum of close x volume of 1-minute bars) over the 24 hours ending at `nowMs`, and the last price. */
export function trailingDayTicker(model: SimMarketModel, spec: SimMarketSpec, nowMs: number): { quoteVolume: number; last: number } {
  const lastOpen = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const firstOpen = Math.max(lastOpen - (MINUTES_PER_DAY - 1) * MINUTE_MS, Math.ceil(spec.listedAt / DAY_MS) * DAY_MS);
  const rows = buildCandleRows(model, spec, '1m', firstOpen, lastOpen, nowMs);
  let quoteVolume = 0;
  for (const row of rows) quoteVolume += row[4] * row[5];
  return { quoteVolume, last: rows.length > 0 ? rows[rows.length - 1][4] : Number.NaN };
}
