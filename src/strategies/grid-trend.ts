import { z } from 'zod';
import { allowsLong, allowsShort, DirectionSchema } from './_direction.js';
import { gridLevelArray, optionalFraction, signalArray, withNearestLevels } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

const GridTrendParamsSchema = z
  .object({
    fast_period: z.number().int().min(2).max(200).default(20),
    slow_period: z.number().int().min(3).max(500).default(50),
    adx_period: z.number().int().min(2).max(100).default(14),
    /** New levels only while ADX >= adx_min (a trend is in place). */
    adx_min: z.number().min(0).max(100).default(20),
    atr_period: z.number().int().min(2).max(200).default(14),
    /** Pullback level k sits `mult_start + k x mult_step` ATRs from the close. */
    mult_start: z.number().min(0.1).max(10).default(0.5),
    mult_step: z.number().min(0).max(5).default(0.5),
    level_count: z.number().int().min(1).max(8).default(3),
    /** ATR trailing stop distance (chandelier), in ATRs. */
    trail_mult: z.number().min(0.5).max(20).default(3),
    take_profit_pct: z.number().min(0).max(0.5).default(0.03),
    stop_loss_pct: z.number().min(0).max(0.9).default(0.05),
    direction: DirectionSchema,
  })
  .strict()
  .refine((p) => p.fast_period < p.slow_period, { message: 'fast_period must be below slow_period', path: ['fast_period'] });
export type GridTrendParams = z.infer<typeof GridTrendParamsSchema>;

/**
 * Trend-following pullback grid. Trend: +1 while `EMA(fast) > EMA(slow)`, -1 while below. While the trend is up
 * and `ADX >= adx_min`, buy levels rest at `close[t] - ATR[t] x m_k` (`m_k = mult_start + k x mult_step`); mirrored
 * for a down trend. Exits, all at the next open (force close):
 * - trend flip: the EMA cross turns against the side;
 * - ATR trailing stop, a chandelier anchored at the start of the trend: `trail[t] = max(trail[t-1], close[t] -
 *   trail_mult x ATR[t])` since the cross (long); a close below `trail[t-1]` closes the side and stops new levels
 *   until the next cross. (The grid kernel has no per-bar stop array, so the trail acts on closes.)
 * Plus `take_profit_pct` / `stop_loss_pct` on the average entry (0 = none).
 * Warm-up: `max(slow_period - 1, 2 x adx_period - 1, atr_period)`.
 */
export const gridTrend = defineStrategy<GridTrendParams>({
  id: 'grid_trend',
  family: 'grid',
  sides: ['long', 'short'],
  description: 'EMA cross + ADX choose the side, pullback grid, ATR trailing stop, force close on trend flip',
  paramsSchema: GridTrendParamsSchema,
  warmup: (p) => Math.max(p.slow_period - 1, 2 * p.adx_period - 1, p.atr_period),
  plan(candles, p, cache) {
    const close = candles.close;
    const n = close.length;
    const levelCount = p.level_count;
    const fast = cache.get('ema', { period: p.fast_period });
    const slow = cache.get('ema', { period: p.slow_period });
    const strength = cache.get('adx', { period: p.adx_period }).adx;
    const range = cache.get('atr', { period: p.atr_period });
    const long = allowsLong(p.direction) ? gridLevelArray(n, levelCount) : undefined;
    const short = allowsShort(p.direction) ? gridLevelArray(n, levelCount) : undefined;
    const forceCloseLong = signalArray(n);
    const forceCloseShort = signalArray(n);
    let trend = 0;
    let trail = Number.NaN;
    let stopped = false;
    for (let t = 0; t < n; t++) {
      const c = close[t];
      const now = fast[t] > slow[t] ? 1 : fast[t] < slow[t] ? -1 : 0;
      if (now !== trend) {
        trend = now;
        trail = Number.NaN;
        stopped = false;
      }
      // Position space: for a short, prices are negated so the same ratchet applies.
      const candidate = trend * c - p.trail_mult * range[t];
      if (trend !== 0 && trend * c < trail) stopped = true;
      if (!(candidate <= trail)) trail = candidate;
      forceCloseLong[t] = trend <= 0 || (stopped && trend > 0) ? 1 : 0;
      forceCloseShort[t] = trend >= 0 || (stopped && trend < 0) ? 1 : 0;
      const book = trend > 0 ? long : trend < 0 ? short : undefined;
      if (book === undefined || stopped || !(strength[t] >= p.adx_min)) continue;
      for (let k = 0; k < levelCount; k++) book[t * levelCount + k] = c - trend * range[t] * (p.mult_start + k * p.mult_step);
    }
    return {
      family: 'grid',
      levels: withNearestLevels({ levelCount, long, short, forceCloseLong, forceCloseShort }),
      options: { takeProfitPct: optionalFraction(p.take_profit_pct), stopLossPct: optionalFraction(p.stop_loss_pct) },
      startIndex: Math.max(p.slow_period - 1, 2 * p.adx_period - 1, p.atr_period),
    };
  },
});
