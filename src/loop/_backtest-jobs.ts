/** Research jobs of a backtest run: one per (pair, tf, strategy), dispatched to the worker pool. */
import { existsSync } from 'node:fs';
import type { Candles, Timeframe } from '../core/index.js';
import { describeError, QueueUnavailableError } from '../core/errors.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import type { Fees } from '../config/runtime-config.js';
import { ohlcvPath, readCandles } from '../data/ohlcv-store.js';
import type { ResultsDb } from '../data/results-db.js';
import { candlesHash, chooseCandidate, gridSize, hashValue, planWindows, researchInputHash, type CandidateEvidence, type CandidateResearch, type GradeOptions, type ResearchCandidateInput } from '../research/index.js';
import type { ResearchQueue } from '../workers/queue/index.js';
import type { ValidatedEntry } from '../strategies/index.js';
import { Limiter } from './_limiter.js';
import type { WorkMeter } from './_work-meter.js';
import { openSeries, shareCandles, type BacktestPool, type SeriesSession, type SharedCandlesRef } from '../workers/index.js';

export interface PairTf {
  pair: string;
  tf: Timeframe;
}

export interface LoadedSeries extends PairTf {
  candles: Candles;
  ref: SharedCandlesRef;
  dataHash: string;
}

export interface JobOutcome {
  item: string;
  evidence?: CandidateEvidence;
  inputHash?: string;
  reused?: boolean;
  error?: string;
  /** Work units of this job's share of its family's grading (counted when the family is graded). */
  gradeUnits?: number;
  /** Researched on the queue: the job, the worker thread that ran it, its wait and run times. */
  queued?: { jobId: string; worker: string; waitMs: number; runMs: number; shared: boolean };
}

/** Loads the candles of one (pair, tf), or says why it is skipped (no file, too few candles) or failed (unreadable). */
export async function loadSeries(dataDir: string, target: PairTf, config: BacktestConfig): Promise<LoadedSeries | { skip: string } | { fail: string }> {
  const file = ohlcvPath(dataDir, target.pair, target.tf);
  if (!existsSync(file)) return { skip: `no candle file (${file}); run scalp backfill first` };
  let candles: Candles;
  try {
    candles = await readCandles(file);
  } catch (error) {
    // A damaged file is a failure to see (the cycle goes partial, the dashboard shows it), not a quiet skip.
    return { fail: describeError(error) };
  }
  const split = planWindows(candles.close.length, target.tf, config.walk_forward);
  if (split.windows.length === 0) return { skip: `too few candles (${candles.close.length}): ${split.reason}` };
  return { ...target, candles, ref: shareCandles(candles), dataHash: candlesHash(candles) };
}

export interface JobContext {
  config: BacktestConfig;
  fees: Fees;
  runId: string;
  codeVersion: string;
  simulated: boolean;
  db: ResultsDb;
  pool: () => BacktestPool;
  /** In-job progress (combo-window runs, see _work-meter.ts). */
  work?: WorkMeter;
  /** When set, candidates are researched by `scalp worker` processes on this queue instead of the local pool. */
  queue?: ResearchQueue;
}

/** Work units of a candidate's finish per walk-forward window, and of its family's grading per combo (measured costs). */
const FINISH_UNITS_PER_WINDOW = 40;
const GRADE_UNITS_PER_COMBO = 2;

/** The work units one job is expected to take (its first-pass combos on every window, its finish and grading share). */
export function jobUnits(series: LoadedSeries, entry: ValidatedEntry, config: BacktestConfig): { evaluate: number; finish: number; grade: number } {
  const windows = planWindows(series.candles.close.length, series.tf, config.walk_forward).windows.length;
  const size = gridSize(entry.entry.grid);
  const combos = size <= config.search.max_full_grid ? size : config.search.lhs_samples;
  return { evaluate: combos * windows, finish: FINISH_UNITS_PER_WINDOW * windows, grade: GRADE_UNITS_PER_COMBO * combos };
}

function total(units: { evaluate: number; finish: number; grade: number }): number {
  return units.evaluate + units.finish + units.grade;
}

/** The research input of one job and its cache key. */
export function jobInput(series: LoadedSeries, entry: ValidatedEntry, context: JobContext): { input: ResearchCandidateInput; inputHash: string } {
  if (entry.moduleHash) context = { ...context, codeVersion: `${context.codeVersion}+strategy.${entry.moduleHash}` }; // user module edited -> new input hash and stamp
  const input: ResearchCandidateInput = {
    pair: series.pair, tf: series.tf, strategyId: entry.id, grid: entry.entry.grid, defaults: entry.entry.defaults,
    config: context.config, fees: context.fees, seed: context.config.seed, codeVersion: context.codeVersion,
  };
  const inputHash = researchInputHash({
    dataHash: series.dataHash, pair: series.pair, tf: series.tf, strategyId: entry.id, grid: entry.entry.grid, defaults: entry.entry.defaults,
    configHash: hashValue({ config: context.config, fees: context.fees }), codeVersion: context.codeVersion, seed: context.config.seed,
  });
  return { input, inputHash };
}

// One session per loaded series: its indicators are computed once for the whole pool and shared by its jobs.
const sessions = new WeakMap<LoadedSeries, { session: SeriesSession; strategies: Limiter }>();

/**
 * The series' session, and the limit of its strategies researched at once on the pool: one more than the
 * workers keeps every worker busy, while only those strategies' shared indicators are alive (each strategy lets
 * go of its own when it finishes; on a 500k-bar series all of them at once were ~550 MB).
 */
function sessionOf(series: LoadedSeries, context: JobContext): { session: SeriesSession; strategies: Limiter } {
  let entry = sessions.get(series);
  if (entry === undefined) {
    const pool = context.pool();
    sessions.set(series, (entry = { session: openSeries(pool, series.candles, series.ref), strategies: new Limiter(pool.workers + 1) }));
  }
  return entry;
}

/** Lets go of a series' session once its family is graded (the rest of a run no longer holds its indicators). */
export function closeSeriesSession(series: LoadedSeries): void {
  sessions.delete(series);
}

/**
 * Runs one job: reuse the cached evidence of an identical input, else let the windows choose (combo batches in the
 * pool) and finish the candidate in the pool, or (with a queue) await the evidence a `scalp worker` computed.
 * Grading waits for the whole family (see backtest-run.ts).
 */
export async function runJob(series: LoadedSeries, entry: ValidatedEntry, context: JobContext): Promise<JobOutcome> {
  const item = `${series.pair} ${series.tf} ${entry.id}`;
  const { input, inputHash } = jobInput(series, entry, context);
  const units = jobUnits(series, entry, context.config);
  const work = context.work;
  // Combo-window runs sent and done so far (a failed job takes its remaining units out of the expectation).
  let evaluated = 0;
  let counted = 0;
  // Fine-pass combos were not in the expectation: add them as they come.
  const sending = (runs: number) => {
    if (evaluated + runs > units.evaluate) work?.expect(Math.min(runs, evaluated + runs - units.evaluate));
    evaluated += runs;
  };
  const done = (runs: number) => {
    work?.complete(runs);
    counted += runs;
  };
  try {
    const cached = await context.db.cachedEvidence(inputHash);
    if (cached) {
      // A reused job costs nothing: it leaves the expectation instead of counting as fast work.
      work?.expect(-total(units));
      return { item, evidence: cached as CandidateEvidence, inputHash, reused: true };
    }
    if (context.queue) {
      const { evidence, ...queued } = await context.queue.result(inputHash, (runs) => {
        sending(runs);
        done(runs);
      });
      work?.complete(units.finish);
      return { item, evidence, inputHash, reused: false, gradeUnits: units.grade, queued };
    }
    const { session, strategies } = sessionOf(series, context);
    await strategies.acquire();
    try {
      const windows = planWindows(series.candles.close.length, series.tf, context.config.walk_forward).windows;
      const choice = await chooseCandidate(series.candles, input, async (combos) => {
        const batch = combos.length * windows.length;
        sending(batch);
        const summaries = await session.evaluate(input, windows, combos);
        done(batch);
        return summaries;
      });
      const evidence = await session.finish(input, choice);
      work?.complete(units.finish);
      return { item, evidence, inputHash, reused: false, gradeUnits: units.grade };
    } finally {
      session.release(entry.id);
      strategies.release();
    }
  } catch (error) {
    // A lost queue stops the whole run (nothing is written); any other failure is this job's alone.
    if (error instanceof QueueUnavailableError) throw error;
    work?.expect(-(Math.max(total(units), evaluated + units.finish + units.grade) - counted));
    return { item, error: describeError(error) };
  }
}

export interface GradedJob {
  outcome: JobOutcome;
  result: CandidateResearch;
}

/** The warning of a family smaller than the strategy library: its tests count only what this run researched. */
function partialFamilyWarning(researched: number, enabled: number): string[] {
  if (researched >= enabled) return [];
  return [
    `partial family: ${researched} of the ${enabled} enabled strategies were researched for this pair x tf in this run; ` +
      'its DSR, Monte Carlo and PBO count only their combos (run without --strategies to count them all)',
  ];
}

/**
 * Grades the researched jobs of ONE pair x tf as a family in the pool (every strategy researched for it in this
 * run, computed or reused): the family's DSR, Monte Carlo and PBO count every combo of every strategy. When the
 * grading fails, each job of the family is reported as failed.
 */
export async function gradeJobs(family: readonly JobOutcome[], context: JobContext, options: GradeOptions, enabledStrategies: number): Promise<{
  finished: GradedJob[];
  failures: { item: string; error: string }[];
}> {
  const researched = family.filter((outcome) => outcome.evidence !== undefined);
  if (researched.length === 0) return { finished: [], failures: [] };
  const gradeUnits = researched.reduce((sum, outcome) => sum + (outcome.gradeUnits ?? 0), 0);
  try {
    const results = await context.pool().grade(researched.map((outcome) => outcome.evidence as CandidateEvidence), options);
    context.work?.complete(gradeUnits);
    return {
      finished: results.map((result, k) => {
        const warnings = [...result.row.warnings, ...partialFamilyWarning(researched.length, enabledStrategies)];
        return { outcome: researched[k], result: { ...result, row: { ...result.row, warnings, reused: researched[k].reused === true } } };
      }),
      failures: [],
    };
  } catch (error) {
    context.work?.complete(gradeUnits);
    return { finished: [], failures: researched.map((outcome) => ({ item: outcome.item, error: `grading its family failed: ${describeError(error)}` })) };
  }
}
