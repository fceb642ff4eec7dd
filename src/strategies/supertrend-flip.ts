import { z } from 'zod';
import { SIGNAL_BIT } from '../engine/index.js';
import { allowsLong, allowsShort, DirectionSchema } from './_direction.js';
import { optionalFraction, signalArray } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

const SupertrendParamsSchema = z
  .object({
    period: z.number().int().min(2).max(200).default(10),
    mult: z.number().min(0.5).max(10).default(3),
    stop_loss_pct: z.number().min(0).max(0.5).default(0),
    direction: DirectionSchema,
  })
  .strict();
export type SupertrendParams = z.infer<typeof SupertrendParamsSchema>;

/**
 * SuperTrend flips (ATR `period`, band `mult`, TradingView rules). Enter long on the bar whose direction turns
 * from -1 to +1, short on +1 to -1; a flip against an open position closes it (and reverses when that side is
 * allowed). Optional `stop_loss_pct` from the entry fill. Warm-up: `period + 1` (two warm directions).
 */
export const supertrendFlip = defineStrategy<SupertrendParams>({
  id: 'supertrend',
  family: 'mono',
  sides: ['long', 'short'],
  description: 'Always-in SuperTrend: enter on each direction flip',
  paramsSchema: SupertrendParamsSchema,
  warmup: (p) => p.period + 1,
  plan(candles, p, cache) {
    const n = candles.close.length;
    const { direction } = cache.get('supertrend', { period: p.period, mult: p.mult });
    const packed = signalArray(n);
    // A flip up exits a short (and enters long when allowed); a flip down mirrored.
    const up = (allowsLong(p.direction) ? SIGNAL_BIT.enterLong : 0) | SIGNAL_BIT.exitShort;
    const down = (allowsShort(p.direction) ? SIGNAL_BIT.enterShort : 0) | SIGNAL_BIT.exitLong;
    for (let t = 1; t < n; t++) {
      const previous = direction[t - 1];
      const current = direction[t];
      packed[t] = ((Number(previous < 0) & Number(current > 0)) * up) | ((Number(previous > 0) & Number(current < 0)) * down);
    }
    return {
      family: 'mono',
      signals: { packed },
      options: { stopLossPct: optionalFraction(p.stop_loss_pct) },
      startIndex: p.period + 1,
    };
  },
});
