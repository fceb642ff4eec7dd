import { z } from 'zod';

/** The `regimes` block of config/backtest_config.json: thresholds of the crash / bull / bear / range classification. */
export const RegimeConfigSchema = z
  .object({
    /** A peak-to-trough drawdown beyond this fraction is a crash (0.2 = -20%). */
    crashDrawdown: z.number().gt(0).max(1).default(0.2),
    /** A period return below this (negative) fraction is a crash. */
    crashReturn: z.number().lt(0).default(-0.15),
    /** A return above +trendReturn is bull, below -trendReturn bear; in between is range. */
    trendReturn: z.number().gt(0).default(0.05),
  })
  .strict()
  .refine((config) => config.crashReturn <= -config.trendReturn, {
    message: 'crashReturn must be at or below -trendReturn (a crash is a deeper fall than a bear move)',
    path: ['crashReturn'],
  });
export type RegimeConfig = z.infer<typeof RegimeConfigSchema>;
