import { z } from 'zod';
import { timeframeMs } from '../core/index.js';
import { allowsLong, allowsShort, DirectionSchema } from './_direction.js';
import { derivedSeries } from './_derived-cache.js';
import { gridLevelArray, optionalFraction, signalArray, withNearestLevels } from './_plan-arrays.js';
import { higherTimeframeDirection, inferBarMs } from './higher-timeframe-direction.js';
import { defineStrategy } from './strategy.js';

const GridMultiTfParamsSchema = z
  .object({
    /** Base bars per higher-timeframe bar (4 on 15m = 1h; 12 on 5m = 1h). */
    htf_factor: z.number().int().min(2).max(96).default(4),
    st_period: z.number().int().min(2).max(100).default(10),
    st_mult: z.number().min(0.5).max(10).default(3),
    ma_period: z.number().int().min(2).max(500).default(20),
    atr_period: z.number().int().min(2).max(200).default(14),
    mult_start: z.number().min(0.1).max(10).default(1),
    mult_step: z.number().min(0).max(5).default(0.75),
    level_count: z.number().int().min(1).max(8).default(3),
    stop_loss_pct: z.number().min(0).max(0.9).default(0.05),
    direction: DirectionSchema,
  })
  .strict();
export type GridMultiTfParams = z.infer<typeof GridMultiTfParamsSchema>;

function warmup(p: GridMultiTfParams): number {
  return Math.max(p.ma_period - 1, p.atr_period, (p.st_period + 1) * p.htf_factor);
}

/**
 * ATR grid on the base timeframe filtered by a higher-timeframe SuperTrend (see `higherTimeframeDirection`: only
 * HTF bars closed at or before the base bar's open are used). While the HTF direction is up, buy levels rest at
 * `SMA[t] - ATR[t] x m_k`; while it is down, sell levels at `SMA[t] + ATR[t] x m_k` (`m_k = mult_start + k x
 * mult_step`). Take-profit at the moving SMA, stop `stop_loss_pct` from the average entry; an HTF flip force-closes
 * the side it turned against at the next open. Warm-up: `max(ma_period - 1, atr_period, (st_period + 1) x htf_factor)`.
 */
export const gridMultiTf = defineStrategy<GridMultiTfParams>({
  id: 'grid_multi_tf',
  family: 'grid',
  sides: ['long', 'short'],
  description: 'ATR grid in the direction of a higher-timeframe SuperTrend (closed HTF bars only)',
  paramsSchema: GridMultiTfParamsSchema,
  warmup,
  plan(candles, p, cache, context = {}) {
    const n = candles.close.length;
    const levelCount = p.level_count;
    const barMs = context.timeframe !== undefined ? timeframeMs(context.timeframe) : inferBarMs(candles.timestamp);
    const key = `htfSupertrend{barMs=${barMs},factor=${p.htf_factor},period=${p.st_period},mult=${p.st_mult}}`;
    const htf = derivedSeries(cache, key, () => higherTimeframeDirection(candles, barMs, p.htf_factor, p.st_period, p.st_mult));
    const average = cache.get('sma', { period: p.ma_period });
    const range = cache.get('atr', { period: p.atr_period });
    const long = allowsLong(p.direction) ? gridLevelArray(n, levelCount) : undefined;
    const short = allowsShort(p.direction) ? gridLevelArray(n, levelCount) : undefined;
    const forceCloseLong = signalArray(n);
    const forceCloseShort = signalArray(n);
    for (let t = 0; t < n; t++) {
      const side = htf[t];
      forceCloseLong[t] = side > 0 ? 0 : 1;
      forceCloseShort[t] = side < 0 ? 0 : 1;
      const book = side > 0 ? long : side < 0 ? short : undefined;
      if (book === undefined) continue;
      for (let k = 0; k < levelCount; k++) book[t * levelCount + k] = average[t] - side * range[t] * (p.mult_start + k * p.mult_step);
    }
    return {
      family: 'grid',
      levels: withNearestLevels({ levelCount, long, short, takeProfit: average, forceCloseLong, forceCloseShort }),
      options: { stopLossPct: optionalFraction(p.stop_loss_pct) },
      startIndex: warmup(p),
    };
  },
});
