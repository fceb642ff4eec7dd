/**
 * The statistics step of a candidate's research: every number that depends on its walk-forward record alone.
 * The family-wide versions (DSR against every combo of the pair x tf, the Romano-Wolf bootstrap, the family's
 * PBO) come later, in family-statistics.ts.
 */
import { hashString, type Candles, type Timeframe } from '../core/index.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import type { CostOptions } from '../engine/index.js';
import type { IndicatorCache } from '../indicators/index.js';
import type { OverfittingSummary, RecordMoments } from './candidate-evidence.js';
import { costStress, type CostStressResult } from './cost-stress.js';
import { blockLayout } from './cscv-blocks.js';
import { deflatedEdge, trialSharpeVariance } from './deflated-edge.js';
import { returnMoments } from './moments.js';
import { monteCarloTrades, type MonteCarloResult } from './monte-carlo.js';
import { overfittingOfTrials } from './overfitting-summary.js';
import type { ParameterGrid } from './parameter-grid.js';
import { checkStability, type StabilityCheck } from './stability-check.js';
import type { WalkForwardChoice } from './walk-forward-choice.js';
import type { WalkForwardRecord } from './walk-forward-record.js';

export interface StatisticsContext {
  candles: Candles;
  strategyId: string;
  tf: Timeframe;
  grid: ParameterGrid;
  config: BacktestConfig;
  fees: CostOptions;
  seed: number;
  cache: IndicatorCache;
}

export interface CandidateStatistics {
  moments: RecordMoments | null;
  passiveSharpe: number;
  edgeTStat: number | null;
  consistency: number | null;
  oosIsRatio: number | null;
  trialSharpes: number[];
  candidateDsr: number | null;
  candidatePbo: OverfittingSummary | null;
  tradeBootstrap: MonteCarloResult;
  stability: StabilityCheck;
  stress: CostStressResult;
}

/** Per-bar moments of the record; null when it never varies (no trade). */
export function recordMoments(barReturns: Float64Array): RecordMoments | null {
  const moments = returnMoments(barReturns);
  if (!(moments.observations >= 2) || !(moments.standardDeviation > 0) || !Number.isFinite(moments.sharpe)) return null;
  const { sharpe, standardDeviation, skewness, kurtosis, observations } = moments;
  return { sharpe, standardDeviation, skewness, kurtosis, observations };
}

/** Edge t-statistic, passive Sharpe, consistency and walk-forward efficiency of the record. */
function edgeOf(record: WalkForwardRecord, moments: RecordMoments | null) {
  const { windowPassive, windowExcess } = record.passive;
  const observations = record.oos.barReturns.length;
  const passiveMean = windowPassive.reduce((a, b) => a + b, 0) / Math.max(1, observations);
  const passiveSharpe = moments ? passiveMean / moments.standardDeviation : 0;
  const edgeTStat = moments ? (moments.sharpe - passiveSharpe) * Math.sqrt(moments.observations) : null;
  const consistency = windowExcess.length > 0 ? windowExcess.filter((x) => x > 0).length / windowExcess.length : null;
  const inSample = recordMoments(record.is.barReturns);
  const oosIsRatio = moments && inSample && inSample.sharpe > 0 ? moments.sharpe / inSample.sharpe : null;
  return { passiveSharpe, edgeTStat, consistency, oosIsRatio };
}

/** Computes the candidate-level statistics of a walk-forward record. */
export function candidateStatistics(context: StatisticsContext, choice: WalkForwardChoice, record: WalkForwardRecord): CandidateStatistics {
  const { config } = context;
  const moments = recordMoments(record.oos.barReturns);
  const edge = edgeOf(record, moments);
  const valid = choice.combos.filter((combo) => combo.error === undefined);
  const trialSharpes = valid.map((combo) => (Number.isFinite(combo.oosBarSharpe) ? combo.oosBarSharpe : 0));
  const candidateDsr = deflatedEdge({ moments, passiveSharpe: edge.passiveSharpe, trials: valid.length, trialSharpeVariance: trialSharpeVariance(trialSharpes) });
  const tradeBootstrap = monteCarloTrades(record.oos.tradeReturns, {
    sims: config.monte_carlo.sims, blockSize: config.monte_carlo.block_size, minTrades: config.monte_carlo.min_trades,
    seed: context.seed + hashString(`${context.strategyId}|${choice.choices.map((c) => c.key).join('|')}`),
  });
  const base = { candles: context.candles, tf: context.tf, strategyId: context.strategyId, execution: { fees: context.fees, timeframe: context.tf }, cache: context.cache };
  const stability = checkStability({ ...base, ranges: record.oosRanges }, record.latestParams, context.grid, config.stability);
  const stress = costStress({ ...base, ranges: record.oosRanges, params: record.paramsByWindow }, record.oos.aggregate.netReturn, config.cost_stress);
  const partitions = config.overfitting.partitions;
  const candidatePbo = overfittingOfTrials(valid, partitions, blockLayout(record.oos.barReturns.length, partitions).size);
  return { moments, ...edge, trialSharpes, candidateDsr, candidatePbo, tradeBootstrap, stability, stress };
}
