/**
 * Writes what the forward test measured into the active set: every judged entry gets its `forward` summary, and a
 * demoted entry leaves strategies.yml at once (backup first), is appended to data/logs/demotions.jsonl with its
 * reasons, and is logged in data/logs/promotions.jsonl as `demoted`. Under the active-set lock, so it never
 * interleaves with a promotion.
 */
import type { DemotionLogLine } from '../config/demotion-log.js';
import type { ActiveStrategy, ForwardSummary } from '../config/strategies-file.js';
import { withActiveSetLock } from './active-set-lock.js';
import { appendDemotions } from './demotion-log.js';
import { appendPromotionLog } from './promotion-log.js';
import { readActiveSet, writeActiveSet } from './strategies-store.js';

/** Identity of one promotion: a re-promotion of the same combo is another key. */
export function promotionKey(entry: Pick<ActiveStrategy, 'pair' | 'tf' | 'strategy' | 'promoted_at'>): string {
  return `${entry.pair}|${entry.tf}|${entry.strategy}|${entry.promoted_at}`;
}

export interface ForwardResult {
  key: string;
  forward: ForwardSummary;
}

export interface ForwardResultsOptions {
  strategiesFile: string;
  results: readonly ForwardResult[];
  riskMode: string;
  now: Date;
  demotionLogFile: string;
  promotionLogFile?: string;
  lockWaitMs?: number;
}

export interface ForwardResultsReport {
  /** Entries that left the active set, with their forward summary. */
  demoted: ActiveStrategy[];
  updated: number;
  backupFile?: string;
}

function demotionLine(entry: ActiveStrategy, forward: ForwardSummary, riskMode: string, now: Date): DemotionLogLine {
  const { pair, tf, strategy, params, source_run, promoted_at } = entry;
  return { at: now.toISOString(), pair, tf, strategy, params, source_run, promoted_at, risk_mode: entry.risk_mode ?? riskMode, reasons: forward.reasons, forward };
}

/** Applies the forward results (entries not in `results` are left as they are, e.g. promoted meanwhile). */
export async function applyForwardResults(options: ForwardResultsOptions): Promise<ForwardResultsReport> {
  const byKey = new Map(options.results.map((result) => [result.key, result.forward]));
  return withActiveSetLock(options.strategiesFile, 'writing forward-test results', async () => {
    const active = readActiveSet(options.strategiesFile);
    const kept: ActiveStrategy[] = [];
    const demoted: ActiveStrategy[] = [];
    for (const entry of active) {
      const forward = byKey.get(promotionKey(entry));
      if (forward === undefined) kept.push(entry);
      else if (forward.verdict === 'demote') demoted.push({ ...entry, forward });
      else kept.push({ ...entry, forward });
    }
    const updated = active.filter((entry) => byKey.has(promotionKey(entry))).length;
    if (updated === 0) return { demoted, updated };
    const { backupFile } = await writeActiveSet(options.strategiesFile, kept, { riskMode: options.riskMode, now: options.now, backup: demoted.length > 0 });
    appendDemotions(options.demotionLogFile, demoted.map((entry) => demotionLine(entry, entry.forward as ForwardSummary, options.riskMode, options.now)));
    if (options.promotionLogFile && demoted.length > 0) {
      appendPromotionLog(options.promotionLogFile, {
        at: options.now.toISOString(), run_id: 'forward-test', risk_mode: options.riskMode, written: true,
        added: [], replaced: [], expired: [], kept: [], rejected: [],
        demoted: demoted.map((entry) => ({ pair: entry.pair, tf: entry.tf, strategy: entry.strategy, grade: entry.grade, score: entry.score, source_run: entry.source_run, reasons: entry.forward?.reasons ?? [] })),
      });
    }
    return { demoted, updated, ...(backupFile ? { backupFile } : {}) };
  }, { waitMs: options.lockWaitMs });
}
