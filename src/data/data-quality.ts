import { type Candles, candleCount } from '../core/candles.js';
import { type Timeframe, timeframeMs } from '../core/timeframe.js';

/** A run of missing candles: `from` and `to` are the open times (ms) of the first and last missing candle. */
export interface CandleGap {
  readonly from: number;
  readonly to: number;
  readonly missing: number;
}

export interface CandleQuality {
  readonly rows: number;
  /** Open time (ms) of the first and last candle; null when there are none. */
  readonly first: number | null;
  readonly last: number | null;
  readonly gaps: CandleGap[];
  readonly missing_total: number;
  readonly zero_volume: number;
  /** Candles whose open time is not on the timeframe's UTC grid. */
  readonly misaligned: number;
}

/**
 * Data quality of sorted candles for timeframe `tf`: a gap is two consecutive candles more than one timeframe
 * apart; it misses ceil(delta / tf) - 1 candles (exactly delta / tf - 1 on the grid).
 */
export function assessCandles(candles: Candles, tf: Timeframe): CandleQuality {
  const rows = candleCount(candles);
  const step = timeframeMs(tf);
  const { timestamp, volume } = candles;
  const gaps: CandleGap[] = [];
  let missingTotal = 0;
  let zeroVolume = 0;
  let misaligned = 0;
  for (let i = 0; i < rows; i++) {
    if (volume[i] === 0) zeroVolume++;
    if (timestamp[i] % step !== 0) misaligned++;
    if (i === 0) continue;
    const delta = timestamp[i] - timestamp[i - 1];
    if (delta > step) {
      const missing = Math.ceil(delta / step) - 1;
      gaps.push({ from: timestamp[i - 1] + step, to: timestamp[i - 1] + missing * step, missing });
      missingTotal += missing;
    }
  }
  return {
    rows,
    first: rows > 0 ? timestamp[0] : null,
    last: rows > 0 ? timestamp[rows - 1] : null,
    gaps,
    missing_total: missingTotal,
    zero_volume: zeroVolume,
    misaligned,
  };
}
