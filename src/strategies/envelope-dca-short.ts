import { EnvelopeParamsSchema, lowerEnvelope, type EnvelopeParams } from './envelope-dca.js';
import { optionalFraction } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

/**
 * Upper envelope matching a lower envelope `l`: `1 / (1 - l) - 1` (l = 0.05 gives 0.05263). A fall of `l` and a
 * rise of `u` are the same move in log terms (`ln(1 + u) = -ln(1 - l)`), so the short grid is the mirror image of
 * the long grid on a log scale.
 */
export function upperEnvelope(lower: number): number {
  return 1 / (1 - lower) - 1;
}

/**
 * Envelope DCA, short side, with asymmetric envelopes: the same parameters as `envelope_dca`, levels at
 * `SMA[t] x (1 + upperEnvelope(l_k))` above the SMA, take-profit at the moving SMA, stop `stop_loss_pct` above
 * the average entry. Warm-up: `ma_period - 1`.
 */
export const envelopeDcaShort = defineStrategy<EnvelopeParams>({
  id: 'envelope_dca_short',
  family: 'grid',
  sides: ['short'],
  description: 'DCA limit sells on asymmetric envelopes above the SMA (u = 1/(1-l) - 1), take profit at the SMA',
  paramsSchema: EnvelopeParamsSchema,
  warmup: (p) => p.ma_period - 1,
  plan(candles, p, cache) {
    const levelCount = p.level_count;
    const average = cache.get('sma', { period: p.ma_period });
    const factors = Array.from({ length: levelCount }, (_, k) => 1 + upperEnvelope(lowerEnvelope(p, k)));
    return {
      family: 'grid',
      // Scaled levels: no n x levelCount matrix, and the kernel finds the nearest level from the line per bar.
      levels: { levelCount, scaledShort: { center: average, factors }, takeProfit: average },
      options: { stopLossPct: optionalFraction(p.stop_loss_pct) },
      startIndex: p.ma_period - 1,
    };
  },
});
