import { dirname, join } from 'node:path';
import type { RiskRules } from '../config/risk-modes.js';
import { removeOrphanTempFiles } from '../io/atomic-write.js';
import { withActiveSetLock } from './active-set-lock.js';
import { checkProvenance, expiredMeasurements, readSummaryForPromotion } from './candidate-provenance.js';
import { compareSlots, mergeActiveSet } from './merge-active-set.js';
import { appendPromotionLog, promotionLogLine, readExpiryLogLines } from './promotion-log.js';
import type { PromotionReport } from './promotion-report.js';
import { readDemotions } from './demotion-log.js';
import { readActiveSet, readCandidates, writeActiveSet } from './strategies-store.js';

export interface PromoteOptions {
  /** config/strategies.yml: the active set, read then (unless dry run) rewritten. */
  strategiesFile: string;
  /** reports/strategies.yml.next: the latest candidate of every pair x tf x strategy. */
  candidatesFile: string;
  /** reports/summary.json, checked for provenance (default: summary.json beside the candidates file; absent = no check). */
  summaryFile?: string;
  rules: RiskRules;
  riskMode: string;
  /** Compute and report the diff, write nothing at all (no strategies.yml, no backup, no log line, no lock). */
  dryRun: boolean;
  now: Date;
  /** data/logs/promotions.jsonl; one JSON line is appended per (non dry-run) promotion. */
  promotionLogFile?: string;
  /** data/logs/demotions.jsonl (default: beside the promotion log): demoted combos wait for fresh research. */
  demotionLogFile?: string;
  /** How long to wait for another process holding the active-set lock (default SCALP_LOCK_WAIT_SECONDS, else 5 s). */
  lockWaitMs?: number;
}

/**
 * Promotes the candidates into the active set under one risk mode (see {@link mergeActiveSet} for the merge rule,
 * {@link checkProvenance} for the candidates refused because they are not the latest result or already expired).
 * Every file is read and validated before anything is written, so a corrupt strategies.yml, candidates file or
 * summary throws a ConfigError and leaves every file as it was. The read-modify-write holds the active-set lock.
 * strategies.yml is rewritten (backup first, then atomically) only when something was added, replaced or expired;
 * the promotion log gets a line on every non dry-run call, so the dashboard shows each cycle's decisions.
 */
export async function promote(options: PromoteOptions): Promise<PromotionReport> {
  if (options.dryRun) return decide(options);
  const activity = `promoting ${options.candidatesFile} (risk mode ${options.riskMode})`;
  return withActiveSetLock(options.strategiesFile, activity, async () => {
    removeOrphanTempFiles(options.strategiesFile);
    const report = decide(options);
    const { diff } = report;
    if (diff.added.length + diff.replaced.length + diff.expired.length > 0) {
      const { backupFile } = await writeActiveSet(options.strategiesFile, report.next, { riskMode: options.riskMode, now: options.now });
      report.written = true;
      if (backupFile) report.backupFile = backupFile;
    }
    if (options.promotionLogFile) {
      appendPromotionLog(options.promotionLogFile, promotionLogLine(report));
      report.logFile = options.promotionLogFile;
    }
    return report;
  }, { waitMs: options.lockWaitMs });
}

/** Reads every input and computes the promotion; writes nothing. */
function decide(options: PromoteOptions): PromotionReport {
  const candidates = readCandidates(options.candidatesFile);
  const active = readActiveSet(options.strategiesFile);
  const summary = readSummaryForPromotion(options.summaryFile ?? join(dirname(options.candidatesFile), 'summary.json'));
  const log = options.promotionLogFile ? readExpiryLogLines(options.promotionLogFile) : [];
  const demotionLog = options.demotionLogFile ?? (options.promotionLogFile ? join(dirname(options.promotionLogFile), 'demotions.jsonl') : undefined);
  const demotions = demotionLog ? readDemotions(demotionLog) : [];
  const provenance = checkProvenance({ candidates: candidates.strategies, summary, demotions, expired: expiredMeasurements(active, log, options.now) });
  const merged = mergeActiveSet({
    active,
    candidates: provenance.promotable,
    rules: options.rules,
    riskMode: options.riskMode,
    now: options.now,
  });
  const rejected = [...provenance.rejected, ...merged.rejected].sort((a, b) => compareSlots(a.candidate, b.candidate));
  return {
    at: options.now.toISOString(),
    runId: candidates.run_id,
    riskMode: options.riskMode,
    dryRun: options.dryRun,
    strategiesFile: options.strategiesFile,
    ...merged,
    rejected,
    written: false,
  };
}
