import { z } from 'zod';
import { allowsLong, allowsShort, DirectionSchema } from './_direction.js';
import { gridLevelArray, optionalFraction, withNearestLevels } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

const GridAtrParamsSchema = z
  .object({
    ma_period: z.number().int().min(2).max(500).default(20),
    atr_period: z.number().int().min(2).max(200).default(14),
    /** ATR multiple of the first level; level k sits at `mult_start + k x mult_step` ATRs from the SMA. */
    mult_start: z.number().min(0.1).max(10).default(1),
    mult_step: z.number().min(0).max(5).default(0.75),
    level_count: z.number().int().min(1).max(8).default(3),
    stop_loss_pct: z.number().min(0).max(0.9).default(0.05),
    direction: DirectionSchema,
  })
  .strict();
export type GridAtrParams = z.infer<typeof GridAtrParamsSchema>;

/**
 * ATR grid around an SMA. On bar t, long levels rest during bar t+1 at `SMA[t] - ATR[t] x m_k` and short levels
 * at `SMA[t] + ATR[t] x m_k` (`m_k = mult_start + k x mult_step`); each side's filled levels average into one
 * position that takes profit at the moving SMA and stops `stop_loss_pct` beyond the average entry. With
 * `direction: 'both'` the two sides run as independent books. Warm-up: `max(ma_period - 1, atr_period)`.
 */
export const gridAtr = defineStrategy<GridAtrParams>({
  id: 'grid_atr',
  family: 'grid',
  sides: ['long', 'short'],
  description: 'Grid levels at SMA -/+ ATR multiples, take profit at the SMA',
  paramsSchema: GridAtrParamsSchema,
  warmup: (p) => Math.max(p.ma_period - 1, p.atr_period),
  plan(candles, p, cache) {
    const n = candles.close.length;
    const levelCount = p.level_count;
    const average = cache.get('sma', { period: p.ma_period });
    const range = cache.get('atr', { period: p.atr_period });
    const long = allowsLong(p.direction) ? gridLevelArray(n, levelCount) : undefined;
    const short = allowsShort(p.direction) ? gridLevelArray(n, levelCount) : undefined;
    for (let t = 0; t < n; t++) {
      const center = average[t];
      const width = range[t];
      for (let k = 0; k < levelCount; k++) {
        const offset = width * (p.mult_start + k * p.mult_step);
        if (long !== undefined) long[t * levelCount + k] = center - offset;
        if (short !== undefined) short[t * levelCount + k] = center + offset;
      }
    }
    return {
      family: 'grid',
      levels: withNearestLevels({ levelCount, long, short, takeProfit: average }),
      options: { stopLossPct: optionalFraction(p.stop_loss_pct) },
      startIndex: Math.max(p.ma_period - 1, p.atr_period),
    };
  },
});
