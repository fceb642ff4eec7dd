import { z } from 'zod';
import { loadConfigFile } from './load-file.js';
import { DEFAULT_RISK_MODES, RiskModesSchema } from './risk-modes.js';

/**
 * config/backtest_config.json: search, walk-forward, Monte Carlo, grading and the risk_mode rules.
 * (The research blocks are added by the research pipeline; unknown blocks are kept for now.)
 */
export const BacktestConfigSchema = z
  .object({
    risk_modes: RiskModesSchema.default(RiskModesSchema.parse(DEFAULT_RISK_MODES)),
  })
  .loose();

export type BacktestConfig = z.infer<typeof BacktestConfigSchema>;

export function loadBacktestConfig(file: string): BacktestConfig {
  return loadConfigFile(file, BacktestConfigSchema);
}
