import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ActiveStrategy, Candidate } from '../config/strategies-file.js';
import type { PromotionReport } from './promotion-report.js';

/** A strategy as the promotion log shows it. */
export interface LoggedStrategy {
  pair: string;
  tf: string;
  strategy: string;
  grade: string;
  score: number;
  source_run: string;
  expires_at?: string;
}

/** One line of data/logs/promotions.jsonl: what one (non dry-run) promotion did. Snake case: a file contract. */
export interface PromotionLogLine {
  at: string;
  run_id: string;
  risk_mode: string;
  written: boolean;
  added: LoggedStrategy[];
  replaced: { from: LoggedStrategy; to: LoggedStrategy }[];
  expired: LoggedStrategy[];
  kept: LoggedStrategy[];
  rejected: (LoggedStrategy & { reasons: string[] })[];
  /** Active strategies the forward test took out (their forward record drifted from the promise). */
  demoted?: (LoggedStrategy & { reasons: string[] })[];
}

function logged(entry: ActiveStrategy | Candidate): LoggedStrategy {
  const { pair, tf, strategy, grade, score, source_run } = entry;
  const expiresAt = 'expires_at' in entry && typeof entry.expires_at === 'string' ? { expires_at: entry.expires_at } : {};
  return { pair, tf, strategy, grade, score, source_run, ...expiresAt };
}

/** The log line of a promotion report. */
export function promotionLogLine(report: PromotionReport): PromotionLogLine {
  return {
    at: report.at,
    run_id: report.runId,
    risk_mode: report.riskMode,
    written: report.written,
    added: report.diff.added.map(logged),
    replaced: report.diff.replaced.map(({ from, to }) => ({ from: logged(from), to: logged(to) })),
    expired: report.diff.expired.map(logged),
    kept: report.diff.kept.map(logged),
    rejected: report.rejected.map(({ candidate, failures }) => ({
      ...logged(candidate),
      reasons: failures.map((failure) => failure.message),
    })),
  };
}

/** Appends one JSON line (a single O_APPEND write, so concurrent appenders never interleave within a line). */
export function appendPromotionLog(file: string, line: PromotionLogLine): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

/**
 * Reads the promotion log, newest last; `limit` keeps only the last lines. An absent file is an empty log, and a
 * torn or hand-mangled line is skipped rather than hiding every other promotion from the dashboard.
 */
export function readPromotionLog(file: string, limit = Infinity): PromotionLogLine[] {
  const lines = readLogLines(file, () => true);
  return Number.isFinite(limit) ? lines.slice(-limit) : lines;
}

/**
 * The log lines that expired something, for the provenance check. The log grows by a line per promotion, so a
 * line whose `expired` list is empty (`"expired":[]`, as JSON.stringify writes it) is skipped without parsing.
 */
export function readExpiryLogLines(file: string): PromotionLogLine[] {
  return readLogLines(file, (raw) => !raw.includes('"expired":[]')).filter((line) => Array.isArray(line.expired) && line.expired.length > 0);
}

function readLogLines(file: string, keep: (raw: string) => boolean): PromotionLogLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines: PromotionLogLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '' || !keep(raw)) continue;
    try {
      lines.push(JSON.parse(raw) as PromotionLogLine);
    } catch {
      // a partial last line from a crash mid-append: skip it
    }
  }
  return lines;
}
