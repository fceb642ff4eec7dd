import { z } from 'zod';
import { SIGNAL_BIT } from '../engine/index.js';
import { allowsLong, allowsShort, DirectionSchema } from './_direction.js';
import { optionalFraction, signalArray } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

const MomentumParamsSchema = z
  .object({
    /** Breakout of the highest high / lowest low of the previous `lookback` bars. */
    lookback: z.number().int().min(2).max(500).default(20),
    volume_period: z.number().int().min(2).max(500).default(20),
    /** The breakout bar's volume must exceed `volume_mult` x SMA(volume, volume_period). */
    volume_mult: z.number().min(0).max(20).default(1.5),
    stop_loss_pct: z.number().min(0).max(0.5).default(0.01),
    take_profit_pct: z.number().min(0).max(0.5).default(0.02),
    direction: DirectionSchema,
  })
  .strict();
export type MomentumParams = z.infer<typeof MomentumParamsSchema>;

/**
 * Momentum breakout with volume confirmation. With `upper`/`lower`/`middle` the Donchian channel of the `lookback`
 * bars before t (bars t-lookback .. t-1): long when `close[t] > upper` and `volume[t] > volume_mult x
 * SMA(volume)[t]`; short when `close[t] < lower` with the same volume rule. A long exits when the close falls
 * below that channel's middle (the breakout failed), a short when it rises above it; plus stop / take-profit
 * fractions. Warm-up: `max(lookback, volume_period - 1)`.
 */
export const momentum = defineStrategy<MomentumParams>({
  id: 'momentum',
  family: 'mono',
  sides: ['long', 'short'],
  description: 'N-bar high/low breakout confirmed by volume above its SMA',
  paramsSchema: MomentumParamsSchema,
  warmup: (p) => Math.max(p.lookback, p.volume_period - 1),
  plan(candles, p, cache) {
    const { close, volume } = candles;
    const n = close.length;
    const channel = cache.get('donchian', { period: p.lookback });
    const volumeAverage = cache.get('volumeSma', { period: p.volume_period });
    const packed = signalArray(n);
    const longBit = allowsLong(p.direction) ? SIGNAL_BIT.enterLong : 0;
    const shortBit = allowsShort(p.direction) ? SIGNAL_BIT.enterShort : 0;
    const volumeMult = p.volume_mult;
    const { upper, lower, middle } = channel;
    for (let t = 1; t < n; t++) {
      const c = close[t];
      const confirmed = Number(volume[t] > volumeMult * volumeAverage[t]);
      packed[t] =
        ((confirmed & Number(c > upper[t - 1])) * longBit) |
        ((confirmed & Number(c < lower[t - 1])) * shortBit) |
        (Number(c < middle[t - 1]) * SIGNAL_BIT.exitLong) |
        (Number(c > middle[t - 1]) * SIGNAL_BIT.exitShort);
    }
    return {
      family: 'mono',
      signals: { packed },
      options: { stopLossPct: optionalFraction(p.stop_loss_pct), takeProfitPct: optionalFraction(p.take_profit_pct) },
      startIndex: Math.max(p.lookback, p.volume_period - 1),
    };
  },
});
