import { z } from 'zod';
import { SIGNAL_BIT } from '../engine/index.js';
import { allowsLong, allowsShort, DirectionSchema } from './_direction.js';
import { optionalFraction, signalArray } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

const DonchianBreakoutParamsSchema = z
  .object({
    entry_period: z.number().int().min(2).max(500).default(20),
    exit_period: z.number().int().min(2).max(500).default(10),
    stop_loss_pct: z.number().min(0).max(0.5).default(0.03),
    direction: DirectionSchema,
  })
  .strict();
export type DonchianBreakoutParams = z.infer<typeof DonchianBreakoutParamsSchema>;

/**
 * Donchian channel breakout (Turtle rules on closes). Long when `close[t]` exceeds the highest high of the
 * `entry_period` bars before t; exit when it falls below the lowest low of the `exit_period` bars before t.
 * Short mirrored. An opposite breakout reverses. Stop: `stop_loss_pct` from the entry fill (0 = none).
 * Warm-up: `max(entry_period, exit_period)`.
 */
export const donchianBreakout = defineStrategy<DonchianBreakoutParams>({
  id: 'donchian_breakout',
  family: 'mono',
  sides: ['long', 'short'],
  description: 'Turtle-style breakout of the entry channel, exit on the shorter opposite channel',
  paramsSchema: DonchianBreakoutParamsSchema,
  warmup: (p) => Math.max(p.entry_period, p.exit_period),
  plan(candles, p, cache) {
    const close = candles.close;
    const n = close.length;
    const entry = cache.get('donchian', { period: p.entry_period });
    const exit = cache.get('donchian', { period: p.exit_period });
    const packed = signalArray(n);
    const longBit = allowsLong(p.direction) ? SIGNAL_BIT.enterLong : 0;
    const shortBit = allowsShort(p.direction) ? SIGNAL_BIT.enterShort : 0;
    const { upper: entryUpper, lower: entryLower } = entry;
    const { upper: exitUpper, lower: exitLower } = exit;
    // Number(comparison) x bit packs the signals without a branch (breakouts are too irregular to predict).
    for (let t = 1; t < n; t++) {
      const c = close[t];
      packed[t] =
        (Number(c > entryUpper[t - 1]) * longBit) |
        (Number(c < exitLower[t - 1]) * SIGNAL_BIT.exitLong) |
        (Number(c < entryLower[t - 1]) * shortBit) |
        (Number(c > exitUpper[t - 1]) * SIGNAL_BIT.exitShort);
    }
    return {
      family: 'mono',
      signals: { packed },
      options: { stopLossPct: optionalFraction(p.stop_loss_pct) },
      startIndex: Math.max(p.entry_period, p.exit_period),
    };
  },
});
