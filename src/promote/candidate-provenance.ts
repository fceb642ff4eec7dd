import { readFileSync } from 'node:fs';
import { parseJsonText, validateConfig } from '../config/load-file.js';
import type { ActiveStrategy, Candidate } from '../config/strategies-file.js';
import { SummaryFileSchema, type SummaryFile, type SummaryRow } from '../config/summary-file.js';
import { ConfigError } from '../core/errors.js';
import type { RejectedCandidate } from './merge-active-set.js';
import type { PromotionLogLine } from './promotion-log.js';
import type { DemotionLogLine } from '../config/demotion-log.js';

/** A measurement: one backtest run's result for one pair x tf x strategy. */
const measurementKey = (entry: { pair: string; tf: string; strategy: string; source_run: string }): string =>
  `${entry.pair}\u0000${entry.tf}\u0000${entry.strategy}\u0000${entry.source_run}`;

const rowKey = (entry: { pair: string; tf: string; strategy: string }): string => `${entry.pair}\u0000${entry.tf}\u0000${entry.strategy}`;

export interface ProvenanceInput {
  candidates: readonly Candidate[];
  /** Demotions by the forward test (data/logs/demotions.jsonl); empty when none. */
  demotions?: readonly DemotionLogLine[];
  /** reports/summary.json, the latest result of every pair x tf x strategy; undefined = no summary to check against. */
  summary: SummaryFile | undefined;
  /** Measurements whose promotion already expired (see {@link expiredMeasurements}). */
  expired: ReadonlySet<string>;
}

/**
 * Keeps promotion honest once candidates outlive the run that made them (strategies.yml.next holds the latest
 * candidate of every pair x tf x strategy, not only the last run's):
 * - `latest_result`: summary.json must hold this very measurement as the latest result of its pair x tf x strategy
 *   (same run, same params); an older candidate, or one edited by hand, is refused;
 * - `expired_measurement`: a measurement whose promotion expired is not promoted again: expiry asks for a fresh
 *   backtest, and re-promoting the old numbers would silently extend it;
 * - `demoted`: a combo the forward test demoted waits until research has run on candles after its demotion.
 */
export function checkProvenance(input: ProvenanceInput): { promotable: Candidate[]; rejected: RejectedCandidate[] } {
  const latest = new Map<string, SummaryRow>((input.summary?.rows ?? []).map((row) => [rowKey(row), row]));
  const promotable: Candidate[] = [];
  const rejected: RejectedCandidate[] = [];
  for (const candidate of input.candidates) {
    const reason = input.summary ? notLatestReason(candidate, latest.get(rowKey(candidate)), input.summary) : undefined;
    if (reason) {
      rejected.push({ candidate, failures: [{ rule: 'latest_result', expected: 'the latest result in summary.json', actual: candidate.source_run, message: reason }] });
    } else if (demotedBefore(candidate, input.demotions ?? [])) {
      const demotion = demotedBefore(candidate, input.demotions ?? []) as DemotionLogLine;
      const message = `demoted by the forward test at ${demotion.at} (${demotion.reasons[0] ?? 'drifted'}); it waits for research on candles after that`;
      rejected.push({ candidate, failures: [{ rule: 'demoted', expected: `research through ${demotion.at}`, actual: candidate.researched_through ?? null, message }] });
    } else if (input.expired.has(measurementKey(candidate))) {
      const message = `its promotion from run ${candidate.source_run} expired; backtest it again on fresh candles to promote it`;
      rejected.push({ candidate, failures: [{ rule: 'expired_measurement', expected: 'a measurement not yet expired', actual: candidate.source_run, message }] });
    } else {
      promotable.push(candidate);
    }
  }
  return { promotable, rejected };
}

/**
 * The demotion that still bars `candidate`: the same pair x tf x strategy x params demoted after the last candle
 * its research saw (its forward period was never researched), or undefined.
 */
function demotedBefore(candidate: Candidate, demotions: readonly DemotionLogLine[]): DemotionLogLine | undefined {
  const through = candidate.researched_through ? Date.parse(candidate.researched_through) : Number.NEGATIVE_INFINITY;
  return demotions.find(
    (d) => d.pair === candidate.pair && d.tf === candidate.tf && d.strategy === candidate.strategy && sameValues(d.params, candidate.params) && through < Date.parse(d.at),
  );
}

function notLatestReason(candidate: Candidate, row: SummaryRow | undefined, summary: SummaryFile): string | undefined {
  if (!row) return `summary.json has no result for it (run \`scalp backtest\` again)`;
  const rowRun = row.run_id ?? summary.run_id;
  if (rowRun !== candidate.source_run) return `not the latest result: summary.json holds run ${rowRun}, this candidate is from run ${candidate.source_run}`;
  if (!sameValues(row.params, candidate.params)) return `its params differ from run ${rowRun}'s result in summary.json (edited by hand?)`;
  return undefined;
}

function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}

/**
 * Measurements whose promotion has expired: entries of the active set expired at `now`, and every entry the
 * promotion log ever recorded as expired (the active set forgets them once they are dropped).
 */
export function expiredMeasurements(active: readonly ActiveStrategy[], log: readonly PromotionLogLine[], now: Date): Set<string> {
  const expired = new Set<string>();
  for (const entry of active) if (Date.parse(entry.expires_at) <= now.getTime()) expired.add(measurementKey(entry));
  for (const line of log) for (const entry of line.expired ?? []) expired.add(measurementKey(entry));
  return expired;
}

/**
 * Reads reports/summary.json for the provenance check: undefined when there is none (a candidates file given by
 * hand with `--source` and no summary beside it); a file that does not parse throws ConfigError (nothing promoted).
 */
export function readSummaryForPromotion(file: string): SummaryFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(file, '', `cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)}); nothing was promoted`, { cause: error });
  }
  try {
    return validateConfig(file, SummaryFileSchema, parseJsonText(file, text));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(file, error.keyPath, `${error.problem}; nothing was promoted; run \`scalp backtest\` again to regenerate it`, { cause: error });
  }
}
