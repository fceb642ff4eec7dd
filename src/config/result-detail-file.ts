import { z } from 'zod';
import { TIMEFRAMES } from '../core/timeframe.js';

const Params = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));
const Bands = z.object({ p5: z.number(), p50: z.number(), p95: z.number() });

/** One walk-forward window of the best combo (times are epoch ms, candle open). */
export const DetailWindowSchema = z.object({
  index: z.number().int(),
  is_start: z.number(),
  is_end: z.number(),
  oos_start: z.number(),
  oos_end: z.number(),
  is_sharpe: z.number(),
  oos_sharpe: z.number(),
  oos_return: z.number(),
  oos_trades: z.number().int(),
  regime: z.enum(['crash', 'bull', 'bear', 'range']),
});

/** One combo tested (every combo of the search), aggregated over the walk-forward windows. */
export const DetailComboSchema = z.object({
  params: Params,
  is_sharpe: z.number(),
  oos_sharpe: z.number(),
  oos_return: z.number(),
  oos_trades: z.number().int(),
  consistency: z.number(),
  combo_score: z.number(),
});

export const DetailTradeSchema = z.object({
  side: z.enum(['long', 'short']),
  entry_time: z.number(),
  exit_time: z.number(),
  entry_price: z.number(),
  exit_price: z.number(),
  pnl: z.number(),
  return: z.number(),
  reason: z.string(),
});

/**
 * reports/details/<id>.json: everything the dashboard's result detail draws, loaded lazily per result.
 * Series are downsampled for the page (equity to at most ~600 points).
 */
export const ResultDetailSchema = z
  .object({
    id: z.string(),
    pair: z.string(),
    tf: z.enum(TIMEFRAMES),
    strategy: z.string(),
    params: Params,
    param_names: z.array(z.string()),
    windows: z.array(DetailWindowSchema),
    equity: z.object({ t: z.array(z.number()), v: z.array(z.number()) }),
    combos: z.array(DetailComboSchema),
    monte_carlo: z.object({
      sims: z.number().int(),
      p_value: z.number().nullable(),
      underpowered: z.boolean(),
      final_return: Bands.nullable(),
      max_drawdown: Bands.nullable(),
    }),
    cost_stress: z.array(z.object({ label: z.string(), net_return: z.number(), sharpe: z.number() })),
    regimes: z.array(z.object({ regime: z.string(), windows: z.number().int(), oos_sharpe: z.number(), oos_return: z.number() })),
    stability: z.object({
      score: z.number().nullable(),
      cliffs: z.array(z.string()),
      neighbours: z.array(z.object({ param: z.string(), factor: z.number(), sharpe: z.number() })),
    }),
    last_window: z.object({
      candles: z.object({ t: z.array(z.number()), o: z.array(z.number()), h: z.array(z.number()), l: z.array(z.number()), c: z.array(z.number()) }),
      trades: z.array(DetailTradeSchema),
    }),
  })
  .loose();

export type ResultDetail = z.infer<typeof ResultDetailSchema>;
export type DetailWindow = z.infer<typeof DetailWindowSchema>;
export type DetailCombo = z.infer<typeof DetailComboSchema>;
