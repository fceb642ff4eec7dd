import { z } from 'zod';
import { gridLevelArray, optionalFraction, withNearestLevels } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

const GridRangeAtrParamsSchema = z
  .object({
    ma_period: z.number().int().min(2).max(500).default(50),
    atr_period: z.number().int().min(2).max(200).default(14),
    /** Level k on each side sits `(k + 1) x grid_mult` ATRs from the SMA. */
    grid_mult: z.number().min(0.1).max(10).default(0.75),
    level_count: z.number().int().min(1).max(8).default(4),
    /** Take-profit of each position from its own fill (the SMA is also a take-profit, the nearer one fills). */
    take_profit_pct: z.number().min(0.0005).max(0.5).default(0.01),
    /** Stop of each position from its own fill (0 = none). */
    stop_loss_pct: z.number().min(0).max(0.9).default(0.03),
  })
  .strict();
export type GridRangeAtrParams = z.infer<typeof GridRangeAtrParamsSchema>;

/**
 * Range grid on both sides at once: buy levels at `SMA[t] - (k + 1) x grid_mult x ATR[t]` and sell levels at
 * `SMA[t] + (k + 1) x grid_mult x ATR[t]`, two independent books. Every filled level is its own position
 * (exit mode 'perLevel') with its own take-profit (`take_profit_pct` from its fill, or the moving SMA when nearer)
 * and stop (`stop_loss_pct` from its fill). Warm-up: `max(ma_period - 1, atr_period)`.
 */
export const gridRangeAtr = defineStrategy<GridRangeAtrParams>({
  id: 'grid_range_atr',
  family: 'grid',
  sides: ['long', 'short'],
  description: 'Two-sided ATR range grid around the SMA, one position per level with its own TP/SL',
  paramsSchema: GridRangeAtrParamsSchema,
  warmup: (p) => Math.max(p.ma_period - 1, p.atr_period),
  plan(candles, p, cache) {
    const n = candles.close.length;
    const levelCount = p.level_count;
    const average = cache.get('sma', { period: p.ma_period });
    const range = cache.get('atr', { period: p.atr_period });
    const long = gridLevelArray(n, levelCount);
    const short = gridLevelArray(n, levelCount);
    for (let t = 0; t < n; t++) {
      const center = average[t];
      const step = range[t] * p.grid_mult;
      for (let k = 0; k < levelCount; k++) {
        long[t * levelCount + k] = center - (k + 1) * step;
        short[t * levelCount + k] = center + (k + 1) * step;
      }
    }
    return {
      family: 'grid',
      levels: withNearestLevels({ levelCount, long, short, takeProfit: average }),
      options: { exitMode: 'perLevel', takeProfitPct: p.take_profit_pct, stopLossPct: optionalFraction(p.stop_loss_pct) },
      startIndex: Math.max(p.ma_period - 1, p.atr_period),
    };
  },
});
