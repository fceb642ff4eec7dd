import { z } from 'zod';
import { SIGNAL_BIT } from '../engine/index.js';
import { allowsLong, allowsShort, DirectionSchema } from './_direction.js';
import { levelArray, optionalFraction, signalArray } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

const BollingerMrParamsSchema = z
  .object({
    period: z.number().int().min(2).max(500).default(20),
    mult: z.number().min(0.1).max(6).default(2),
    stop_loss_pct: z.number().min(0).max(0.5).default(0.02),
    direction: DirectionSchema,
  })
  .strict();
export type BollingerMrParams = z.infer<typeof BollingerMrParamsSchema>;

/**
 * Bollinger mean reversion. Long when the close is below the lower band (`SMA - mult x sigma`), short when it is
 * above the upper band. Take-profit on the SMA cross: the middle band is a dynamic take-profit level, so while the
 * position is open bar t exits at `SMA[t-1]` as soon as its range reaches it (at the open when it opens beyond);
 * the entry bar uses the SMA of the signal bar. Stop: `stop_loss_pct` from the entry fill.
 * Warm-up: `period - 1` (first band).
 */
export const bollingerMr = defineStrategy<BollingerMrParams>({
  id: 'bollinger_mr',
  family: 'mono',
  sides: ['long', 'short'],
  description: 'Enter outside the Bollinger bands, take profit when price crosses back over the SMA',
  paramsSchema: BollingerMrParamsSchema,
  warmup: (p) => p.period - 1,
  plan(candles, p, cache) {
    const close = candles.close;
    const n = close.length;
    const bands = cache.get('bollinger', { period: p.period, mult: p.mult });
    const packed = signalArray(n);
    const takeProfit = levelArray(n);
    const longBit = allowsLong(p.direction) ? SIGNAL_BIT.enterLong : 0;
    const shortBit = allowsShort(p.direction) ? SIGNAL_BIT.enterShort : 0;
    const { lower, upper, middle } = bands;
    for (let t = 0; t < n; t++) {
      const c = close[t];
      packed[t] = (Number(c < lower[t]) * longBit) | (Number(c > upper[t]) * shortBit);
      takeProfit[t] = middle[t];
    }
    return {
      family: 'mono',
      signals: { packed, takeProfitLong: takeProfit, takeProfitShort: takeProfit },
      options: { stopLossPct: optionalFraction(p.stop_loss_pct), dynamicLevels: true },
      startIndex: p.period - 1,
    };
  },
});
