/** The report files of a backtest run: reports/details/<id>.json, reports/summary.json, reports/strategies.yml.next. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { AppConfig } from '../config/app-config.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import { CandidatesFileSchema, type Candidate, type CandidatesFile } from '../config/strategies-file.js';
import type { SummaryFile } from '../config/summary-file.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { candidateFromRow, hashValue } from '../research/index.js';
import type { GradedJob } from './_backtest-jobs.js';
import { mergeSummaryRows, readPreviousSummary } from './merge-summary.js';

export interface ReportInput {
  runId: string;
  createdAt: Date;
  config: BacktestConfig;
  simulated: boolean;
  finished: GradedJob[];
  failures: { item: string; error: string }[];
  /** The details of `finished` are already written (the run writes each family's as soon as it is graded). */
  detailsWritten?: boolean;
}

/** Writes reports/details/<id>.json of each result (atomically). */
export async function writeDetails(appConfig: AppConfig, results: readonly GradedJob['result'][]): Promise<void> {
  for (const result of results) await writeFileAtomic(join(appConfig.paths.reportsDir, 'details', `${result.id}.json`), JSON.stringify(result.detail));
}

/**
 * Writes the details of this run's results, then summary.json (this run's rows merged into the latest row of
 * every pair x tf x strategy), then strategies.yml.next holding the candidate of every merged row (see
 * {@link latestCandidates}), so a run that researched two pairs (or skipped everything) leaves the others'
 * candidates for promote. Each file is written atomically; the caller holds the results lock.
 */
export async function writeReports(appConfig: AppConfig, report: ReportInput): Promise<SummaryFile> {
  const reports = appConfig.paths.reportsDir;
  const results = report.finished.map((job) => job.result);
  if (report.detailsWritten !== true) await writeDetails(appConfig, results);
  const summaryFile = join(reports, 'summary.json');
  const exchange = appConfig.runtime.exchange;
  // Each row carries its series' own label (the candidate's, from the Parquet metadata), so mixed stores show both.
  const fresh = results.map((r) => ({ ...r.row, simulated: r.candidate.simulated }));
  const rows = mergeSummaryRows(readPreviousSummary(summaryFile), fresh, { runId: report.runId, exchange, simulated: report.simulated });
  const summary: SummaryFile = {
    run_id: report.runId, created_at: report.createdAt.toISOString(), config_hash: hashValue(report.config), exchange,
    simulated: rows.length > 0 ? rows.some((row) => row.simulated === true) : report.simulated, rows, failures: report.failures,
  };
  const candidatesFile = join(reports, 'strategies.yml.next');
  const candidates = latestCandidates(summary, results.map((r) => r.candidate), readPreviousCandidates(candidatesFile));
  await writeFileAtomic(summaryFile, `${JSON.stringify(summary, null, 1)}\n`);
  await writeFileAtomic(candidatesFile, stringify(candidates));
  return summary;
}

const measurementKey = (entry: { pair: string; tf: string; strategy: string }, run: string): string =>
  `${entry.pair}\u0000${entry.tf}\u0000${entry.strategy}\u0000${run}`;

/**
 * The candidates of a summary: one per row (the latest result of its pair x tf x strategy), from that row's run.
 * Each is the candidate research graded (this run's, else the previous strategies.yml.next's of the same run), so
 * every field research gives a candidate is kept; a row with neither (an older next file) is rebuilt from the row.
 */
export function latestCandidates(summary: SummaryFile, fresh: readonly Candidate[], previous: CandidatesFile | undefined): CandidatesFile {
  const graded = new Map<string, Candidate>();
  for (const candidate of [...(previous?.strategies ?? []), ...fresh]) graded.set(measurementKey(candidate, candidate.source_run), candidate);
  const strategies = summary.rows.map((row) => {
    const run = row.run_id ?? summary.run_id;
    return graded.get(measurementKey(row, run)) ?? candidateFromRow(row, { runId: run, simulated: row.simulated ?? summary.simulated });
  });
  return { run_id: summary.run_id, created_at: summary.created_at, strategies };
}

/** The previous strategies.yml.next when it exists and is valid; undefined otherwise (it is then rebuilt from rows). */
function readPreviousCandidates(file: string): CandidatesFile | undefined {
  try {
    const parsed = CandidatesFileSchema.safeParse(parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
