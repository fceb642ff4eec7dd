import type { RiskRules } from '../config/risk-modes.js';
import { mergeActiveSet } from './merge-active-set.js';
import { appendPromotionLog, promotionLogLine } from './promotion-log.js';
import type { PromotionReport } from './promotion-report.js';
import { readActiveSet, readCandidates, writeActiveSet } from './strategies-store.js';

export interface PromoteOptions {
  /** config/strategies.yml: the active set, read then (unless dry run) rewritten. */
  strategiesFile: string;
  /** reports/strategies.yml.next: the candidates of the last backtest. */
  candidatesFile: string;
  rules: RiskRules;
  riskMode: string;
  /** Compute and report the diff, write nothing at all (no strategies.yml, no backup, no log line). */
  dryRun: boolean;
  now: Date;
  /** data/logs/promotions.jsonl; one JSON line is appended per (non dry-run) promotion. */
  promotionLogFile?: string;
}

/**
 * Promotes the candidates of the last backtest into the active set under one risk mode (see
 * {@link mergeActiveSet} for the merge rule). Both files are read and validated before anything is written, so a
 * corrupt strategies.yml or candidates file throws a ConfigError and leaves every file as it was.
 * strategies.yml is rewritten (backup first, then atomically) only when something was added, replaced or expired;
 * the promotion log gets a line on every non dry-run call, so the dashboard shows each cycle's decisions.
 */
export async function promote(options: PromoteOptions): Promise<PromotionReport> {
  const candidates = readCandidates(options.candidatesFile);
  const active = readActiveSet(options.strategiesFile);
  const merged = mergeActiveSet({
    active,
    candidates: candidates.strategies,
    rules: options.rules,
    riskMode: options.riskMode,
    now: options.now,
  });
  const changed = merged.diff.added.length + merged.diff.replaced.length + merged.diff.expired.length > 0;
  const report: PromotionReport = {
    at: options.now.toISOString(),
    runId: candidates.run_id,
    riskMode: options.riskMode,
    dryRun: options.dryRun,
    strategiesFile: options.strategiesFile,
    ...merged,
    written: false,
  };
  if (options.dryRun) return report;
  if (changed) {
    const { backupFile } = await writeActiveSet(options.strategiesFile, merged.next, {
      riskMode: options.riskMode,
      now: options.now,
    });
    report.written = true;
    if (backupFile) report.backupFile = backupFile;
  }
  if (options.promotionLogFile) {
    appendPromotionLog(options.promotionLogFile, promotionLogLine(report));
    report.logFile = options.promotionLogFile;
  }
  return report;
}
