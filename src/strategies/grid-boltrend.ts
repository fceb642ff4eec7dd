import { z } from 'zod';
import { allowsLong, allowsShort, DirectionSchema } from './_direction.js';
import { gridLevelArray, optionalFraction, signalArray, withNearestLevels } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

const GridBoltrendParamsSchema = z
  .object({
    bb_period: z.number().int().min(2).max(500).default(20),
    bb_mult: z.number().min(0.1).max(6).default(2),
    trend_period: z.number().int().min(2).max(1000).default(100),
    /** Level k sits `(k + 1) x grid_step_pct` from the close, on the pullback side. */
    grid_step_pct: z.number().min(0.0005).max(0.2).default(0.005),
    level_count: z.number().int().min(1).max(8).default(3),
    take_profit_pct: z.number().min(0).max(0.5).default(0.02),
    stop_loss_pct: z.number().min(0).max(0.9).default(0.05),
    direction: DirectionSchema,
  })
  .strict();
export type GridBoltrendParams = z.infer<typeof GridBoltrendParamsSchema>;

/**
 * Grid entries in the Bollinger trend direction (the `boltrend` regime driving a pullback grid).
 * Regime: up from a close above the upper band with `close > SMA(trend_period)`, until a close below the middle
 * band; down mirrored (close below the lower band under the trend SMA, until a close above the middle band).
 * While up, buy levels rest at `close[t] x (1 - (k + 1) x grid_step_pct)`; while down, sell levels at
 * `close[t] x (1 + (k + 1) x grid_step_pct)`. The end of a regime force-closes its side at the next open (the
 * boltrend "inverted take-profit"); `take_profit_pct` / `stop_loss_pct` apply to the average entry (0 = none).
 * Warm-up: `max(bb_period, trend_period) - 1`.
 */
export const gridBoltrend = defineStrategy<GridBoltrendParams>({
  id: 'grid_boltrend',
  family: 'grid',
  sides: ['long', 'short'],
  description: 'Pullback grid in the Bollinger breakout direction, closed when price re-crosses the middle band',
  paramsSchema: GridBoltrendParamsSchema,
  warmup: (p) => Math.max(p.bb_period, p.trend_period) - 1,
  plan(candles, p, cache) {
    const close = candles.close;
    const n = close.length;
    const levelCount = p.level_count;
    const bands = cache.get('bollinger', { period: p.bb_period, mult: p.bb_mult });
    const trend = cache.get('sma', { period: p.trend_period });
    const long = allowsLong(p.direction) ? gridLevelArray(n, levelCount) : undefined;
    const short = allowsShort(p.direction) ? gridLevelArray(n, levelCount) : undefined;
    const forceCloseLong = signalArray(n);
    const forceCloseShort = signalArray(n);
    let regime = 0;
    for (let t = 0; t < n; t++) {
      const c = close[t];
      if (regime > 0 && !(c >= bands.middle[t])) regime = 0;
      else if (regime < 0 && !(c <= bands.middle[t])) regime = 0;
      if (c > bands.upper[t] && c > trend[t]) regime = 1;
      else if (c < bands.lower[t] && c < trend[t]) regime = -1;
      forceCloseLong[t] = regime > 0 ? 0 : 1;
      forceCloseShort[t] = regime < 0 ? 0 : 1;
      const book = regime > 0 ? long : regime < 0 ? short : undefined;
      if (book === undefined) continue;
      for (let k = 0; k < levelCount; k++) book[t * levelCount + k] = c * (1 - regime * (k + 1) * p.grid_step_pct);
    }
    return {
      family: 'grid',
      levels: withNearestLevels({ levelCount, long, short, forceCloseLong, forceCloseShort }),
      options: { takeProfitPct: optionalFraction(p.take_profit_pct), stopLossPct: optionalFraction(p.stop_loss_pct) },
      startIndex: Math.max(p.bb_period, p.trend_period) - 1,
    };
  },
});
