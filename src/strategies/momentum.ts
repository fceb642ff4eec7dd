import { z } from 'zod';
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
    const enterLong = signalArray(n);
    const exitLong = signalArray(n);
    const enterShort = signalArray(n);
    const exitShort = signalArray(n);
    const long = allowsLong(p.direction);
    const short = allowsShort(p.direction);
    for (let t = 1; t < n; t++) {
      const c = close[t];
      const confirmed = volume[t] > p.volume_mult * volumeAverage[t];
      if (long && confirmed && c > channel.upper[t - 1]) enterLong[t] = 1;
      if (short && confirmed && c < channel.lower[t - 1]) enterShort[t] = 1;
      if (c < channel.middle[t - 1]) exitLong[t] = 1;
      if (c > channel.middle[t - 1]) exitShort[t] = 1;
    }
    return {
      family: 'mono',
      signals: { enterLong, exitLong, enterShort, exitShort },
      options: { stopLossPct: optionalFraction(p.stop_loss_pct), takeProfitPct: optionalFraction(p.take_profit_pct) },
      startIndex: Math.max(p.lookback, p.volume_period - 1),
    };
  },
});
