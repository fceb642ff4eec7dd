import type { AppConfig } from '../config/app-config.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import { runBacktest } from './backtest-run.js';
import type { StepOutcome } from './cycle-step.js';
import { pairsByTimeframe } from './data-steps.js';
import type { PairStatusRow } from './status-report.js';

/** Pair x tf to backtest this cycle: DAT, and OK whose strategy expires within backtest_config's margin. */
export function backtestTargets(rows: readonly PairStatusRow[], now: number, backtestConfig: BacktestConfig): PairStatusRow[] {
  const marginMs = ((backtestConfig as { expiry_margin_hours?: number }).expiry_margin_hours ?? 6) * 3_600_000;
  return rows.filter(
    (row) => row.state === 'DAT' || (row.state === 'OK' && row.expires_at !== undefined && Date.parse(row.expires_at) - now < marginMs),
  );
}

export async function backtestStep(
  config: AppConfig,
  targets: readonly PairStatusRow[],
  options: { workers?: number; log?: (line: string) => void },
): Promise<StepOutcome> {
  if (targets.length === 0) return { status: 'skipped', note: 'no DAT pair and no strategy close to expiry' };
  const jobs = [...pairsByTimeframe(targets)].flatMap(([tf, pairs]) => pairs.map((pair) => ({ pair, tf })));
  const result = await runBacktest({ appConfig: config, jobs, workers: options.workers ?? config.runtime.workers, log: options.log });
  return {
    counts: { jobs: result.jobs, rows: result.rows, reused: result.reused, skipped: result.skipped.length, failed: result.failures.length },
    errors: result.failures.map((f) => `${f.item}: ${f.error}`),
    ...(result.skipped.length > 0 ? { note: `skipped ${result.skipped.map((s) => s.item).join(', ')} (too little history or unreadable candles)` } : {}),
  };
}
