/**
 * What a worker thread does with one task: re-wrap the shared candles (cached per candles id together with their
 * indicator cache, so every batch on the same pair x tf shares indicators), lend the task the indicators the pool
 * computed into shared memory, then compute a share of those indicators, evaluate a batch of combos on the
 * walk-forward windows, sweep a batch over all the candles, finish a candidate (record + statistics) after its
 * windows chose, or grade a family. Shared indicators are adopted by an overlay of the series cache that lives as
 * long as the task: the thread that opened the series holds them (and frees them when it closes the series), so a
 * worker never keeps hundreds of MB of them alive for the rest of a run.
 */
import { computeShared, IndicatorCache, sharedOutput, type IndicatorRequest, type SharedIndicator } from '../indicators/index.js';
import {
  evaluateCombos,
  finishCandidate,
  gradeFamily,
  sweepCombos,
  type CandidateEvidence,
  type CandidateResearch,
  type GradeOptions,
  type ComboSummary,
  type Combo,
  type ResearchCandidateInput,
  type SweepRow,
  type WalkForwardChoice,
  type WalkForwardWindow,
} from '../research/index.js';
import type { Candles, Timeframe } from '../core/index.js';
import type { ExecutionOptions, StrategyParams, StrategySource } from '../strategies/index.js';
import { candlesFromRef, type SharedCandlesRef } from './shared-candles.js';

/** Indicators already in shared memory for these candles (adopted by the worker's cache before the task runs). */
interface WithIndicators {
  indicators?: SharedIndicator[];
}

export interface EvaluateTask extends WithIndicators {
  kind: 'evaluate';
  candles: SharedCandlesRef;
  job: ResearchCandidateInput;
  windows: WalkForwardWindow[];
  combos: Combo[];
}

export interface FinishTask extends WithIndicators {
  kind: 'finish';
  candles: SharedCandlesRef;
  job: ResearchCandidateInput;
  choice: WalkForwardChoice;
}

/** Grades the candidates of one pair x tf together (family statistics, then each grade). */
export interface GradeTask {
  kind: 'grade';
  family: CandidateEvidence[];
  options: GradeOptions;
}

/** Computes indicators into shared memory for the whole pool (each worker takes a share of a series' requests). */
export interface IndicatorsTask {
  kind: 'indicators';
  candles: SharedCandlesRef;
  requests: IndicatorRequest[];
}

/** A batch of a sweep: every combo over all the candles. */
export interface SweepTask extends WithIndicators {
  kind: 'sweep';
  candles: SharedCandlesRef;
  strategyId: string;
  /** A user strategy's module, imported by the worker before the batch runs (see backtest-worker.ts). */
  source?: StrategySource;
  timeframe?: Timeframe;
  defaults?: StrategyParams;
  combos: Combo[];
  execution: ExecutionOptions;
}

export type BacktestTask = EvaluateTask | FinishTask | GradeTask | IndicatorsTask | SweepTask;

const MAX_CACHED = 4;
const cached = new Map<string, { candles: Candles; cache: IndicatorCache }>();

/**
 * The task's candles and an overlay of their series cache holding the shared indicators it was given; with
 * `shareComputed`, what the task computes itself stays in the series cache for its later batches.
 */
function candlesOf(ref: SharedCandlesRef, indicators: readonly SharedIndicator[] = [], shareComputed = false): { candles: Candles; cache: IndicatorCache } {
  let entry = cached.get(ref.id);
  if (entry === undefined) {
    const candles = candlesFromRef(ref);
    entry = { candles, cache: new IndicatorCache(candles) };
    if (cached.size >= MAX_CACHED) cached.delete(cached.keys().next().value as string);
    cached.set(ref.id, entry);
  }
  const cache = entry.cache.overlay({ shareComputed });
  for (const shared of indicators) if (!cache.has(shared.request.key)) cache.adopt(shared.request, sharedOutput(shared));
  return { candles: entry.candles, cache };
}

/** Runs one task (in a worker, or in this thread for tests and single-threaded runs). */
export function runBacktestTask(task: EvaluateTask): ComboSummary[];
export function runBacktestTask(task: FinishTask): CandidateEvidence;
export function runBacktestTask(task: GradeTask): CandidateResearch[];
export function runBacktestTask(task: IndicatorsTask): SharedIndicator[];
export function runBacktestTask(task: SweepTask): SweepRow[];
export function runBacktestTask(task: BacktestTask): ComboSummary[] | CandidateEvidence | CandidateResearch[] | SharedIndicator[] | SweepRow[];
export function runBacktestTask(task: BacktestTask): ComboSummary[] | CandidateEvidence | CandidateResearch[] | SharedIndicator[] | SweepRow[] {
  if (task.kind === 'grade') return gradeFamily(task.family, task.options);
  if (task.kind === 'indicators') return computeShared(candlesOf(task.candles).cache, task.requests);
  const { candles, cache } = candlesOf(task.candles, task.indicators, task.kind !== 'finish');
  if (task.kind === 'sweep') {
    const { strategyId, timeframe, defaults, combos, execution } = task;
    return sweepCombos({ candles, cache, strategyId, timeframe, defaults, combos, execution });
  }
  if (task.kind === 'evaluate') {
    const { job } = task;
    return evaluateCombos({
      candles, cache, tf: job.tf, strategyId: job.strategyId, defaults: job.defaults ?? {}, combos: task.combos, windows: task.windows,
      execution: { fees: job.fees, timeframe: job.tf }, partitions: job.config.overfitting.partitions,
    });
  }
  // One-off indicators of a finish (the stability check's neighbour params) go to the task's overlay, dropped with it.
  return finishCandidate(candles, task.job, task.choice, cache);
}
