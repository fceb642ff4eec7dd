/**
 * Warnings of one candidate that depend on its own research (the family adds MinBTL's): thin or short records,
 * ambiguous bars, market drift, cliffs, rejected combos. Thresholds come from backtest_config.json.
 */
import type { BacktestConfig } from '../config/backtest-config.js';
import type { CandidateStatistics } from './candidate-statistics.js';
import type { WalkForwardChoice } from './walk-forward-choice.js';
import type { WalkForwardRecord } from './walk-forward-record.js';

export interface WarningInputs {
  config: BacktestConfig;
  choice: WalkForwardChoice;
  record: WalkForwardRecord;
  statistics: CandidateStatistics;
}

/** Share of a positive total OOS return that the passive part explains, or null when the total is not positive. */
function passiveShareOfReturn(windowPassive: readonly number[], windowExcess: readonly number[]): number | null {
  const passive = windowPassive.reduce((a, b) => a + b, 0);
  const total = passive + windowExcess.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.max(0, passive) / total : null;
}

export function candidateWarnings({ config, choice, record, statistics }: WarningInputs): string[] {
  const warnings: string[] = [];
  const aggregate = record.oos.aggregate;
  const bootstrap = statistics.tradeBootstrap;
  if (bootstrap.underpowered) warnings.push(`underpowered: ${bootstrap.trades} OOS trades (< ${config.monte_carlo.min_trades}); too few for the Monte Carlo tests`);
  if (choice.windows.length < config.walk_forward.min_windows) {
    warnings.push(`few windows: ${choice.windows.length} walk-forward windows (< ${config.walk_forward.min_windows}); backfill more history`);
  }
  if (aggregate.trades > 0 && aggregate.ambiguousBars / aggregate.trades > config.warnings.ambiguous_bar_share) {
    warnings.push(`ambiguous bars: ${aggregate.ambiguousBars} bars for ${aggregate.trades} trades had stop and take-profit inside one bar (intrabar policy decided)`);
  }
  if (statistics.moments === null) warnings.push('no OOS returns to test: the record never traded');
  const passiveShare = passiveShareOfReturn(record.passive.windowPassive, record.passive.windowExcess);
  if (passiveShare !== null && passiveShare > config.warnings.market_drift_share) {
    warnings.push(`market drift: ${Math.round(passiveShare * 100)}% of the OOS return is what the strategy's usual exposure earned from the market, not timing`);
  }
  const stability = statistics.stability;
  if (stability.cliffs.length > 0) warnings.push(`cliffs: a small change of ${stability.cliffs.join(', ')} drops the OOS Sharpe by more than ${config.stability.cliff_drop * 100}%`);
  const distinct = new Set(choice.choices.map((entry) => entry.key)).size;
  if (distinct > 1) warnings.push(`params changed: the windows chose ${distinct} different combos; the record trades each window's choice, the latest is proposed`);
  const invalid = choice.combos.length - choice.validCount;
  if (invalid > 0) warnings.push(`${invalid} combos rejected by the strategy (invalid parameter combination)`);
  return warnings;
}
