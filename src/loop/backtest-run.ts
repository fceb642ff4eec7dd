/**
 * `scalp backtest`: research every (pair, tf, strategy) in worker threads, reuse unchanged results from the
 * results DB, and write reports/summary.json, reports/details/<id>.json, reports/strategies.yml.next (atomic)
 * and the DB rows. One failing job is reported and skipped; the run goes on.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Timeframe } from '../core/index.js';
import type { AppConfig } from '../config/app-config.js';
import { defaultBacktestConfig, loadBacktestConfig, type BacktestConfig } from '../config/backtest-config.js';
import type { EntriesConfig } from '../config/entries-config.js';
import { evidenceFolder, openResultsDb, resultsDbPath, type ResultsDb, type StoredResult } from '../data/results-db.js';
import { sweepLeftovers } from '../io/sweep-leftovers.js';
import { assertQueueReachable, openResearchQueue, queueSettingsFrom, type ResearchQueue } from '../workers/queue/index.js';
import { hashValue } from '../research/index.js';
import { createBacktestPool, type BacktestPool } from '../workers/index.js';
import { codeVersion } from './code-version.js';
import { writeDetails, writeReports } from './backtest-reports.js';
import { withResultsLock } from './results-lock.js';
import { seriesLabelKey, simulatedSeries } from './series-labels.js';
import { loadStrategyLibrary } from './strategy-library.js';
import { WorkMeter, type WorkProgress } from './_work-meter.js';
import { submitQueuedJobs, writeJobTimings } from './_queued-research.js';
import { closeSeriesSession, gradeJobs, jobUnits, loadSeries, runJob, type GradedJob, type JobContext, type JobOutcome, type LoadedSeries, type PairTf } from './_backtest-jobs.js';

export interface BacktestProgress {
  done: number;
  total: number;
  item: string;
  status: 'computed' | 'reused' | 'failed';
}

export interface RunBacktestOptions {
  appConfig: AppConfig;
  /** Explicit (pair, tf) targets; otherwise every pair of `pairs` x every tf of `tfs` (default runtime.tf_list). */
  jobs?: readonly PairTf[];
  pairs?: readonly string[];
  tfs?: readonly Timeframe[];
  /** Strategy ids (default: every enabled entry of entries_config.json). */
  strategies?: readonly string[];
  /** Worker threads (0 or absent: runtime.workers, then one per core). */
  workers?: number;
  /** Redis URL of the research queue whose `scalp worker`s research the candidates (default runtime.queue; false: this machine). */
  queue?: string | false;
  onProgress?: (progress: BacktestProgress) => void;
  /** Progress inside the jobs (combo-window runs done / expected, elapsed, ETA), from the start of the research on. */
  onWork?: (progress: WorkProgress) => void;
  log?: (line: string) => void;
  now?: () => Date;
  /** How long to wait for another backtest holding the lock (default SCALP_LOCK_WAIT_SECONDS, else 5 s). */
  lockWaitMs?: number;
  /** Overrides of the config files (tests, notebooks). */
  backtestConfig?: BacktestConfig;
  entries?: EntriesConfig;
}

export interface RunBacktestResult {
  runId: string;
  /** (pair, tf, strategy) jobs attempted. */
  jobs: number;
  /** Summary rows written (computed + reused). */
  rows: number;
  reused: number;
  computed: number;
  skipped: { item: string; reason: string }[];
  failures: { item: string; error: string }[];
  timings: { totalMs: number; loadMs: number; researchMs: number; writeMs: number };
  summaryFile: string;
  /** The research queue the run used (URL without password) and the jobs it submitted. */
  queue?: { url: string; submitted: number };
}

function targetsOf(options: RunBacktestOptions): PairTf[] {
  if (options.jobs) return [...options.jobs];
  const tfs = options.tfs ?? options.appConfig.runtime.tf_list;
  return (options.pairs ?? []).flatMap((pair) => tfs.map((tf) => ({ pair, tf })));
}

function runIdAt(date: Date): string {
  return `${date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(2).toString('hex')}`;
}

/**
 * Runs the backtest research of every target and writes the reports and DB rows, holding the results lock (a
 * holder that keeps it past the wait makes this throw LockBusyError, exit 5). Leftovers of killed runs in reports/
 * and data/ohlcv/ (temp files of dead writers, locks of gone holders) are swept first.
 */
export async function runBacktest(options: RunBacktestOptions): Promise<RunBacktestResult> {
  const { dataDir, reportsDir } = options.appConfig.paths;
  // An unreachable queue stops the run before it takes the lock or touches a file (exit 4 naming the URL).
  const queueUrl = queueUrlOf(options);
  if (queueUrl) await assertQueueReachable(queueUrl);
  const activity = `backtesting ${targetsOf(options).length} pair x tf`;
  return withResultsLock(dataDir, activity, async () => {
    const swept = await sweepLeftovers([
      { folder: reportsDir, recursive: true }, { folder: join(dataDir, 'ohlcv'), recursive: true }, { folder: evidenceFolder(resultsDbPath(dataDir)) },
    ]);
    const removed = [...swept.temps, ...swept.locks];
    if (removed.length > 0) options.log?.(`removed ${removed.length} leftovers of killed runs (first: ${removed[0]})`);
    return backtestHoldingLock(options);
  }, { waitMs: options.lockWaitMs });
}

function queueUrlOf(options: RunBacktestOptions): string | undefined {
  return options.queue === false ? undefined : (options.queue ?? options.appConfig.runtime.queue);
}

async function backtestHoldingLock(options: RunBacktestOptions): Promise<RunBacktestResult> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const { appConfig } = options;
  const log = options.log ?? (() => undefined);
  const config = options.backtestConfig ?? (existsSync(appConfig.paths.backtestConfig) ? loadBacktestConfig(appConfig.paths.backtestConfig) : defaultBacktestConfig());
  // Built-ins + the user strategies of runtime.strategies_dir that loaded and passed the lookahead gate.
  const strategyLibrary = await loadStrategyLibrary(appConfig, { entries: options.entries, gate: { targets: targetsOf(options), only: options.strategies }, log });
  const library = strategyLibrary.entries;
  const entries = library.filter((entry) => (options.strategies ? options.strategies.includes(entry.id) : entry.entry.enabled));
  const enabledCount = library.filter((entry) => entry.entry.enabled).length;
  const known = new Set(entries.map((entry) => entry.id as string));
  const unknownStrategies = (options.strategies ?? []).filter((id) => !known.has(id) && !strategyLibrary.failures.some((f) => f.item === id)).map((id) => ({
    item: id, error: `strategy "${id}" is not an enabled entry of ${appConfig.paths.entriesConfig}; skipped`,
  }));
  const createdAt = now();
  const runId = runIdAt(createdAt);
  const skipped: RunBacktestResult['skipped'] = [];
  const unreadable: { item: string; error: string }[] = [];
  const series: LoadedSeries[] = [];
  for (const target of targetsOf(options)) {
    const loaded = await loadSeries(appConfig.paths.dataDir, target, config);
    const item = `${target.pair} ${target.tf}`;
    if ('skip' in loaded) {
      skipped.push({ item, reason: loaded.skip });
      log(`skip ${item}: ${loaded.skip}`);
    } else if ('fail' in loaded) {
      unreadable.push({ item, error: loaded.fail });
      log(`failed ${item}: ${loaded.fail}`);
    } else series.push(loaded);
  }
  const loadMs = performance.now() - started;
  const db = await openResultsDb(resultsDbPath(appConfig.paths.dataDir));
  let pool: BacktestPool | undefined;
  const workers = options.workers || appConfig.runtime.workers || undefined;
  // SIMULATED labels come from each series' own metadata, never from the config.
  const labels = await simulatedSeries(appConfig.paths.dataDir, series);
  const simulated = series.length > 0 ? [...labels.values()].some(Boolean) : appConfig.runtime.exchange === 'sim';
  const context: JobContext = {
    config, fees: appConfig.runtime.fees, runId, codeVersion: codeVersion(), simulated, db,
    pool: () => (pool ??= createBacktestPool({ workers })),
    work: new WorkMeter(options.onWork),
  };
  for (const loaded of series) for (const entry of entries) context.work?.expect(Object.values(jobUnits(loaded, entry, config)).reduce((a, b) => a + b, 0));
  const jobCount = series.length * entries.length;
  let done = 0;
  const outcomes: JobOutcome[] = [];
  const finished: GradedJob[] = [];
  const gradingFailures: { item: string; error: string }[] = [];
  // Each graded family's details and DB rows are written while other families still research (one writer, in order);
  // a queued run writes them only once every job is in, so a run that loses Redis leaves nothing half-written.
  const queueUrl = queueUrlOf(options);
  let queue: ResearchQueue | undefined;
  let releaseWrites = () => {};
  let persisted: Promise<void> = queueUrl ? new Promise((resolve) => (releaseWrites = resolve)) : Promise.resolve();
  let persistError: unknown;
  const persist = (graded: readonly GradedJob[]) => {
    persisted = persisted.then(() => persistFamily(appConfig, db, runId, createdAt, graded)).catch((error: unknown) => {
      persistError ??= error;
    });
  };
  let submitted = 0;
  try {
    const researchStarted = performance.now();
    if (queueUrl) {
      context.queue = queue = await openResearchQueue({ url: queueUrl, settings: queueSettingsFrom(process.env), log });
      submitted = await submitQueuedJobs(queue, series, entries, context);
    }
    // One family per pair x tf: its jobs run, then it is graded in the pool while other families still research.
    await Promise.all(
      series.map(async (loaded) => {
        const family = await Promise.all(
          entries.map(async (entry) => {
            const outcome = await runJob(loaded, entry, context);
            outcomes.push(outcome);
            const status = outcome.error ? 'failed' : outcome.reused ? 'reused' : 'computed';
            if (outcome.error) log(`failed ${outcome.item}: ${outcome.error}`);
            options.onProgress?.({ done: ++done, total: jobCount, item: outcome.item, status });
            return outcome;
          }),
        );
        closeSeriesSession(loaded);
        const graded = await gradeJobs(family, context, { config, runId, simulated: labels.get(seriesLabelKey(loaded.pair, loaded.tf)) }, enabledCount);
        finished.push(...graded.finished);
        gradingFailures.push(...graded.failures);
        persist(graded.finished);
      }),
    );
    releaseWrites();
    await persisted;
    if (persistError !== undefined) throw persistError;
    const researchMs = performance.now() - researchStarted;
    const writeStarted = performance.now();
    finished.sort((a, b) => (a.outcome.item < b.outcome.item ? -1 : 1));
    const failures = [
      ...strategyLibrary.failures, ...unknownStrategies, ...unreadable, ...outcomes.filter((o) => o.error !== undefined).map((o) => ({ item: o.item, error: o.error as string })), ...gradingFailures,
    ];
    await writeReports(appConfig, { runId, createdAt, config, simulated, finished, failures, detailsWritten: true });
    if (queue) await writeJobTimings(appConfig.paths.reportsDir, runId, queue, outcomes);
    const reused = finished.filter((job) => job.outcome.reused).length;
    const writeMs = performance.now() - writeStarted;
    const totalMs = performance.now() - started;
    await db.saveRun({
      run_id: runId, created_at: createdAt.toISOString(), config_hash: hashValue(config), exchange: appConfig.runtime.exchange, simulated,
      jobs: jobCount, rows: finished.length, reused, failures, duration_ms: totalMs,
    });
    return {
      runId, jobs: jobCount, rows: finished.length, reused, computed: finished.length - reused, skipped, failures,
      timings: { totalMs, loadMs, researchMs, writeMs }, summaryFile: join(appConfig.paths.reportsDir, 'summary.json'),
      ...(queue ? { queue: { url: queue.url, submitted } } : {}),
    };
  } finally {
    await queue?.close();
    db.close();
    await pool?.destroy();
  }
}

/** Writes one graded family's details and its results DB rows. */
async function persistFamily(appConfig: AppConfig, db: ResultsDb, runId: string, createdAt: Date, graded: readonly GradedJob[]): Promise<void> {
  if (graded.length === 0) return;
  await writeDetails(appConfig, graded.map((job) => job.result));
  await db.saveResults(
    runId,
    graded.map(({ outcome, result }) => ({
      result: result as unknown as StoredResult, evidence: outcome.evidence, inputHash: outcome.inputHash as string, reused: outcome.reused === true,
    })),
    createdAt.toISOString(),
  );
}
