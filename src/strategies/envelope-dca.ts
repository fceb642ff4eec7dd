import { z } from 'zod';
import { optionalFraction } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

export const EnvelopeParamsSchema = z
  .object({
    ma_period: z.number().int().min(2).max(500).default(20),
    /** Envelope of the first level below the SMA, as a fraction (0.03 = 3%). */
    envelope_start: z.number().min(0.001).max(0.5).default(0.03),
    /** Added per further level: levels at start, start + step, ... (default 3%, 5%, 7%). */
    envelope_step: z.number().min(0).max(0.2).default(0.02),
    level_count: z.number().int().min(1).max(8).default(3),
    /** Stop on the average entry price, as a fraction (0 = none). */
    stop_loss_pct: z.number().min(0).max(0.9).default(0.1),
  })
  .strict()
  .refine((p) => p.envelope_start + (p.level_count - 1) * p.envelope_step < 0.95, {
    message: 'the deepest envelope (envelope_start + (level_count - 1) x envelope_step) must stay below 0.95',
    path: ['envelope_step'],
  });
export type EnvelopeParams = z.infer<typeof EnvelopeParamsSchema>;

/** Lower envelope fraction of level k (0-based). */
export function lowerEnvelope(p: EnvelopeParams, k: number): number {
  return p.envelope_start + k * p.envelope_step;
}

/**
 * Envelope DCA, long side. On bar t, limit buys rest during bar t+1 at `SMA[t] x (1 - l_k)` for the lower
 * envelopes `l_k = envelope_start + k x envelope_step`; the filled levels average into one position whose
 * take-profit is the moving SMA (`SMA[t]` rests during bar t+1) and whose stop is `stop_loss_pct` below the
 * average entry. After an exit the levels re-arm from the next bar. Warm-up: `ma_period - 1`.
 */
export const envelopeDca = defineStrategy<EnvelopeParams>({
  id: 'envelope_dca',
  family: 'grid',
  sides: ['long'],
  description: 'DCA limit buys on envelopes below the SMA, take profit at the moving SMA, stop on the average price',
  paramsSchema: EnvelopeParamsSchema,
  warmup: (p) => p.ma_period - 1,
  plan(candles, p, cache) {
    const levelCount = p.level_count;
    const average = cache.get('sma', { period: p.ma_period });
    const factors = Array.from({ length: levelCount }, (_, k) => 1 - lowerEnvelope(p, k));
    return {
      family: 'grid',
      // Scaled levels: no n x levelCount matrix, and the kernel finds the nearest level from the line per bar.
      levels: { levelCount, scaledLong: { center: average, factors }, takeProfit: average },
      options: { stopLossPct: optionalFraction(p.stop_loss_pct) },
      startIndex: p.ma_period - 1,
    };
  },
});
