/**
 * What a worker thread does with one task: re-wrap the shared candles (cached per candles id together with their
 * indicator cache, so every batch on the same pair x tf shares indicators), then evaluate a batch of combos on the
 * walk-forward windows, finish a candidate (record + statistics) after its windows chose, or grade a family.
 */
import { IndicatorCache } from '../indicators/index.js';
import {
  evaluateCombos,
  finishCandidate,
  gradeFamily,
  type CandidateEvidence,
  type CandidateResearch,
  type GradeOptions,
  type ComboSummary,
  type Combo,
  type ResearchCandidateInput,
  type WalkForwardChoice,
  type WalkForwardWindow,
} from '../research/index.js';
import type { Candles } from '../core/index.js';
import { candlesFromRef, type SharedCandlesRef } from './shared-candles.js';

export interface EvaluateTask {
  kind: 'evaluate';
  candles: SharedCandlesRef;
  job: ResearchCandidateInput;
  windows: WalkForwardWindow[];
  combos: Combo[];
}

export interface FinishTask {
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

export type BacktestTask = EvaluateTask | FinishTask | GradeTask;

const MAX_CACHED = 4;
const cached = new Map<string, { candles: Candles; cache: IndicatorCache }>();

function candlesOf(ref: SharedCandlesRef): { candles: Candles; cache: IndicatorCache } {
  let entry = cached.get(ref.id);
  if (entry === undefined) {
    const candles = candlesFromRef(ref);
    entry = { candles, cache: new IndicatorCache(candles) };
    if (cached.size >= MAX_CACHED) cached.delete(cached.keys().next().value as string);
    cached.set(ref.id, entry);
  }
  return entry;
}

/** Runs one task (in a worker, or in this thread for tests and single-threaded runs). */
export function runBacktestTask(task: EvaluateTask): ComboSummary[];
export function runBacktestTask(task: FinishTask): CandidateEvidence;
export function runBacktestTask(task: GradeTask): CandidateResearch[];
export function runBacktestTask(task: BacktestTask): ComboSummary[] | CandidateEvidence | CandidateResearch[];
export function runBacktestTask(task: BacktestTask): ComboSummary[] | CandidateEvidence | CandidateResearch[] {
  if (task.kind === 'grade') return gradeFamily(task.family, task.options);
  const { candles, cache } = candlesOf(task.candles);
  if (task.kind === 'evaluate') {
    const { job } = task;
    return evaluateCombos({
      candles, cache, tf: job.tf, strategyId: job.strategyId, defaults: job.defaults ?? {}, combos: task.combos, windows: task.windows,
      execution: { fees: job.fees, timeframe: job.tf }, partitions: job.config.overfitting.partitions,
    });
  }
  return finishCandidate(candles, task.job, task.choice, cache);
}
