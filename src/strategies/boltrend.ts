import { z } from 'zod';
import { SIGNAL_BIT } from '../engine/index.js';
import { allowsLong, allowsShort, DirectionSchema } from './_direction.js';
import { optionalFraction, signalArray } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

const BoltrendParamsSchema = z
  .object({
    bb_period: z.number().int().min(2).max(500).default(20),
    bb_mult: z.number().min(0.1).max(6).default(2),
    /** SMA trend filter: longs only above it, shorts only below it. */
    trend_period: z.number().int().min(2).max(1000).default(100),
    stop_loss_pct: z.number().min(0).max(0.5).default(0.03),
    direction: DirectionSchema,
  })
  .strict();
export type BoltrendParams = z.infer<typeof BoltrendParamsSchema>;

/**
 * Bollinger trend breakout with the "inverted take-profit".
 * Entry: long when `close > upper band` and `close > SMA(trend_period)`; short when `close < lower band` and
 * `close < SMA(trend_period)`.
 * Inverted take-profit: there is no profit target beyond the entry (a mean-reversion TP would sit at the middle
 * band, i.e. on the losing side of a breakout); instead the position is held while the trend lasts and closed at
 * the next open after the first close back across the middle band (long: `close < SMA(bb_period)`, short:
 * `close > SMA(bb_period)`), whether that exit is a gain or a loss. `stop_loss_pct` from the entry fill is the
 * hard stop. Warm-up: `max(bb_period, trend_period) - 1`.
 */
export const boltrend = defineStrategy<BoltrendParams>({
  id: 'boltrend',
  family: 'mono',
  sides: ['long', 'short'],
  description: 'Bollinger breakout with an SMA trend filter; exit when the close re-crosses the middle band',
  paramsSchema: BoltrendParamsSchema,
  warmup: (p) => Math.max(p.bb_period, p.trend_period) - 1,
  plan(candles, p, cache) {
    const close = candles.close;
    const n = close.length;
    const bands = cache.get('bollinger', { period: p.bb_period, mult: p.bb_mult });
    const trend = cache.get('sma', { period: p.trend_period });
    const packed = signalArray(n);
    const longBit = allowsLong(p.direction) ? SIGNAL_BIT.enterLong : 0;
    const shortBit = allowsShort(p.direction) ? SIGNAL_BIT.enterShort : 0;
    const { upper, lower, middle } = bands;
    for (let t = 0; t < n; t++) {
      const c = close[t];
      const m = trend[t];
      packed[t] =
        ((Number(c > upper[t]) & Number(c > m)) * longBit) |
        ((Number(c < lower[t]) & Number(c < m)) * shortBit) |
        (Number(c < middle[t]) * SIGNAL_BIT.exitLong) |
        (Number(c > middle[t]) * SIGNAL_BIT.exitShort);
    }
    return {
      family: 'mono',
      signals: { packed },
      options: { stopLossPct: optionalFraction(p.stop_loss_pct) },
      startIndex: Math.max(p.bb_period, p.trend_period) - 1,
    };
  },
});
