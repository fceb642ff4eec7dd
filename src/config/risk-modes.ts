import { z } from 'zod';
import { TIMEFRAMES } from '../core/timeframe.js';
import { GRADES } from './strategies-file.js';

/** Promotion rules of one risk mode (backtest_config.json `risk_modes.<mode>`). */
export const RiskRulesSchema = z
  .object({
    min_grade: z.enum(GRADES),
    min_trades: z.number().int().min(0),
    max_drawdown: z.number().gt(0).max(1),
    min_profit_factor: z.number().min(0),
    min_dsr: z.number().min(0).max(1),
    /** Largest Monte Carlo p-value accepted; an underpowered result (null p-value) fails unless allow_underpowered. */
    max_mc_pvalue: z.number().min(0).max(1),
    allow_underpowered: z.boolean().default(false),
    /** Largest CSCV probability of backtest overfitting accepted (the candidate's and its family's). */
    max_pbo: z.number().min(0).max(1).default(0.5),
    /** Level of the forward test's rules: a promoted strategy drifting from its promise is demoted (see forwardVerdict). */
    forward_alpha: z.number().gt(0).lt(0.5).default(0.05),
    /** How long a promotion stays active, in hours, per timeframe. */
    expiry_hours: z.partialRecord(z.enum(TIMEFRAMES), z.number().positive()),
    default_expiry_hours: z.number().positive().default(72),
  })
  .strict();

export const RiskModesSchema = z
  .object({
    conservative: RiskRulesSchema,
    balanced: RiskRulesSchema,
    aggressive: RiskRulesSchema,
  })
  .strict();

export const DEFAULT_RISK_MODES: z.input<typeof RiskModesSchema> = {
  conservative: {
    min_grade: 'B', min_trades: 50, max_drawdown: 0.15, min_profit_factor: 1.3, min_dsr: 0.9, max_mc_pvalue: 0.05, max_pbo: 0.2,
    expiry_hours: { '1m': 12, '5m': 24, '15m': 72, '1h': 168 }, default_expiry_hours: 48,
  },
  balanced: {
    min_grade: 'C', min_trades: 30, max_drawdown: 0.25, min_profit_factor: 1.15, min_dsr: 0.5, max_mc_pvalue: 0.1, max_pbo: 0.5,
    expiry_hours: { '1m': 24, '5m': 48, '15m': 120, '1h': 240 }, default_expiry_hours: 72,
  },
  aggressive: {
    min_grade: 'D', min_trades: 15, max_drawdown: 0.4, min_profit_factor: 1.0, min_dsr: 0, max_mc_pvalue: 0.2, max_pbo: 0.8,
    allow_underpowered: true,
    expiry_hours: { '1m': 24, '5m': 72, '15m': 168, '1h': 336 }, default_expiry_hours: 96,
  },
};

export type RiskRules = z.infer<typeof RiskRulesSchema>;
export type RiskModes = z.infer<typeof RiskModesSchema>;
