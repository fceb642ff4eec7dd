import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import { promote } from '../promote/promote.js';
import type { StepOutcome } from './cycle-step.js';

export function promotionLogPath(dataDir: string): string {
  return join(dataDir, 'logs', 'promotions.jsonl');
}

/**
 * Applies the risk_mode rules to the candidates (reports/strategies.yml.next: the latest of every pair x tf x
 * strategy, checked against reports/summary.json) and updates strategies.yml under the active-set lock.
 */
export async function promoteStep(config: AppConfig, backtestConfig: BacktestConfig, now: Date): Promise<StepOutcome> {
  const riskMode = config.runtime.risk_mode;
  const report = await promote({
    strategiesFile: config.paths.strategiesFile,
    candidatesFile: join(config.paths.reportsDir, 'strategies.yml.next'),
    rules: backtestConfig.risk_modes[riskMode],
    riskMode,
    dryRun: false,
    now,
    promotionLogFile: promotionLogPath(config.paths.dataDir),
  });
  return {
    counts: {
      added: report.diff.added.length,
      replaced: report.diff.replaced.length,
      expired: report.diff.expired.length,
      kept: report.diff.kept.length,
      rejected: report.rejected.length,
      active: report.next.length,
    },
  };
}
