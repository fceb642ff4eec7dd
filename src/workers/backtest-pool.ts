/**
 * The backtest worker pool (piscina worker threads). Candles go to the workers as SharedArrayBuffer columns;
 * tasks carry batches of combos. A task that throws (a bad job, a crashed worker) rejects only its own promise:
 * the caller reports it and carries on, piscina replaces a dead thread.
 *
 * piscina needs a JavaScript file: the pool always loads the COMPILED entry `dist/workers/backtest-worker.js`.
 * From dist/ that is the sibling file; from src/ (vitest runs the TypeScript sources) it is resolved to
 * `<repo>/dist/workers/backtest-worker.js`, so run `npm run build` before tests that start a pool.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type {
  CandidateEvidence, CandidateResearch, Combo, ComboSummary, GradeOptions, ResearchCandidateInput, SweepRow, WalkForwardChoice, WalkForwardWindow,
} from '../research/index.js';
import type { IndicatorRequest, SharedIndicator } from '../indicators/index.js';
import type { BacktestTask, SweepTask } from './backtest-task.js';
import type { SharedCandlesRef } from './shared-candles.js';

export interface BacktestPoolOptions {
  /** Worker threads; default (and 0): one per core. */
  workers?: number;
}

export interface BacktestPool {
  readonly workers: number;
  /** Scores a batch of combos on the walk-forward windows; `indicators` are already in shared memory. */
  evaluate(candles: SharedCandlesRef, job: ResearchCandidateInput, windows: WalkForwardWindow[], combos: Combo[], indicators?: SharedIndicator[]): Promise<ComboSummary[]>;
  /** Record and statistics of a candidate whose windows chose (see research/research-candidate.ts). */
  finish(candles: SharedCandlesRef, job: ResearchCandidateInput, choice: WalkForwardChoice, indicators?: SharedIndicator[]): Promise<CandidateEvidence>;
  /** Computes indicators of these candles into shared memory (one worker's share of a pool-wide fill). */
  indicators(candles: SharedCandlesRef, requests: IndicatorRequest[]): Promise<SharedIndicator[]>;
  /** A batch of a sweep (see sweep.ts). */
  sweep(task: Omit<SweepTask, 'kind'>): Promise<SweepRow[]>;
  /** Grades the candidates of one pair x tf as a family (see research/family-grade.ts). */
  grade(family: CandidateEvidence[], options: GradeOptions): Promise<CandidateResearch[]>;
  destroy(): Promise<void>;
}

/** Path of the compiled worker entry (see the module comment). */
export function backtestWorkerFile(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/workers/backtest-worker.js', here) : new URL('./backtest-worker.js', here);
  return fileURLToPath(url);
}

/** Starts the pool; `destroy()` it when the run ends. */
export function createBacktestPool(options: BacktestPoolOptions = {}): BacktestPool {
  const workers = options.workers && options.workers > 0 ? options.workers : availableParallelism();
  const piscina = new Piscina({ filename: backtestWorkerFile(), minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  return {
    workers,
    evaluate: (candles, job, windows, combos, indicators) => piscina.run({ kind: 'evaluate', candles, job, windows, combos, indicators } satisfies BacktestTask),
    finish: (candles, job, choice, indicators) => piscina.run({ kind: 'finish', candles, job, choice, indicators } satisfies BacktestTask),
    indicators: (candles, requests) => piscina.run({ kind: 'indicators', candles, requests } satisfies BacktestTask),
    sweep: (task) => piscina.run({ kind: 'sweep', ...task } satisfies BacktestTask),
    grade: (family, options) => piscina.run({ kind: 'grade', family, options } satisfies BacktestTask),
    destroy: () => piscina.destroy(),
  };
}
