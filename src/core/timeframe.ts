/** The candle timeframes scalp understands, shortest first. */
export const TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

/** Length of one candle in milliseconds: timeframeMs('5m') === 300000. */
export function timeframeMs(tf: Timeframe): number {
  const unit = tf[tf.length - 1] as keyof typeof UNIT_MS;
  return Number(tf.slice(0, -1)) * UNIT_MS[unit];
}

/** Candles of this timeframe in one (365-day) year, used to annualise per-bar statistics. */
export function barsPerYear(tf: Timeframe): number {
  return (365 * UNIT_MS.d) / timeframeMs(tf);
}

/** Open time of the candle that contains `timeMs` (candles are aligned on the UTC epoch grid). */
export function floorToTimeframe(timeMs: number, tf: Timeframe): number {
  const ms = timeframeMs(tf);
  return Math.floor(timeMs / ms) * ms;
}
