/**
 * Research of one candidate (pair, tf, strategy), in three steps with a file each: choose (walk-forward-choice:
 * search + each window's IS choice), record (walk-forward-record: the choices traded on their OOS windows) and
 * statistics (candidate-statistics). The result is the candidate's evidence; the grade needs its family
 * (family-grade.ts). Pure: no disk, runs in a worker.
 */
import { barsPerYear, hashString, packFloats, type Candles, type Timeframe } from '../core/index.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import type { CostOptions } from '../engine/index.js';
import { IndicatorCache } from '../indicators/index.js';
import type { StrategyParams } from '../strategies/index.js';
import { candidateDetail, comboRows } from './candidate-detail.js';
import type { CandidateEvidence, RecordMetrics } from './candidate-evidence.js';
import { candidateStatistics, recordMoments, type CandidateStatistics } from './candidate-statistics.js';
import { candidateWarnings } from './candidate-warnings.js';
import { finite, finiteOrNull } from './finite.js';
import type { ParameterGrid } from './parameter-grid.js';
import { candlesHash, hashValue } from './reproducibility.js';
import { resultId } from './result-id.js';
import { chooseWalkForward, type ComboBatchEvaluator, type WalkForwardChoice } from './walk-forward-choice.js';
import { recordWalkForward, type WalkForwardRecord } from './walk-forward-record.js';
import type { StitchedRun } from './stitched-run.js';

export interface ResearchCandidateInput {
  pair: string;
  tf: Timeframe;
  strategyId: string;
  grid: ParameterGrid;
  /** Entry defaults under the grid (risk params...); the strategy's own defaults fill the rest. */
  defaults?: StrategyParams;
  config: BacktestConfig;
  fees: CostOptions;
  /** Default: config.seed. */
  seed?: number;
  /** package.json version of the code that ran (default 'dev'). */
  codeVersion?: string;
}

const YEAR_MS = 365 * 86_400_000;

/** The choose step with the candidate named in its errors. */
export async function chooseCandidate(candles: Candles, input: ResearchCandidateInput, evaluate?: ComboBatchEvaluator): Promise<WalkForwardChoice> {
  const seed = (input.seed ?? input.config.seed) + hashString(`${input.pair}|${input.tf}|${input.strategyId}`);
  try {
    return await chooseWalkForward(candles, {
      tf: input.tf, strategyId: input.strategyId, grid: input.grid, defaults: input.defaults ?? {}, config: input.config,
      execution: { fees: input.fees, timeframe: input.tf }, seed,
    }, evaluate);
  } catch (error) {
    throw new RangeError(`${input.strategyId} on ${input.pair} ${input.tf}: ${(error as Error).message}`, { cause: error });
  }
}

/** Sample metrics of a stitched record; `sharpe` is that of its per-bar returns (sample std, annualised); pf null without a losing trade. */
function recordMetrics(run: StitchedRun, sharpe: number): RecordMetrics {
  const m = run.aggregate;
  return {
    sharpe: finite(sharpe), net_return: finite(m.netReturn), trades: m.trades, pf: m.trades > 0 ? finiteOrNull(m.profitFactor) : null, mdd: finite(m.maxDrawdown),
    win_rate: m.winRate, sortino: finite(m.sortino), expectancy: finite(m.expectancy), exposure: Math.min(1, m.exposure),
  };
}

function evidenceOf(candles: Candles, input: ResearchCandidateInput, choice: WalkForwardChoice, record: WalkForwardRecord, statistics: CandidateStatistics): CandidateEvidence {
  const { config } = input;
  const id = resultId(input.pair, input.tf, input.strategyId);
  const annualise = Math.sqrt(barsPerYear(input.tf));
  const valid = choice.combos.filter((combo) => combo.error === undefined);
  const n = candles.timestamp.length;
  return {
    id, pair: input.pair, tf: input.tf, strategy: input.strategyId, params: { ...record.latestParams },
    historyYears: n > 1 ? (candles.timestamp[n - 1] - candles.timestamp[0]) / YEAR_MS : 0,
    researchedThrough: new Date(candles.timestamp[n - 1]).toISOString(),
    oos: recordMetrics(record.oos, (statistics.moments?.sharpe ?? 0) * annualise),
    is: recordMetrics(record.is, (recordMoments(record.is.barReturns)?.sharpe ?? 0) * annualise),
    moments: statistics.moments, passiveSharpe: statistics.passiveSharpe, edgeTStat: statistics.edgeTStat,
    consistency: statistics.consistency, oosIsRatio: statistics.oosIsRatio,
    activeReturns: packFloats(record.passive.excessReturns),
    trials: {
      sharpes: statistics.trialSharpes, blockSums: packFloats(valid.flatMap((c) => c.blockSums)), blockSquares: packFloats(valid.flatMap((c) => c.blockSquares)),
      blockSize: Math.floor(record.oos.barReturns.length / config.overfitting.partitions), partitions: config.overfitting.partitions,
    },
    candidateDsr: statistics.candidateDsr, candidatePbo: statistics.candidatePbo?.pbo ?? null,
    tradeBootstrap: { pValue: statistics.tradeBootstrap.pValue, underpowered: statistics.tradeBootstrap.underpowered, trades: statistics.tradeBootstrap.trades },
    stability: statistics.stability.score, costStress: statistics.stress.keptShare,
    warnings: candidateWarnings({ config, choice, record, statistics }),
    stamp: {
      data_hash: candlesHash(candles), config_hash: hashValue({ config, fees: input.fees }), code_version: input.codeVersion ?? 'dev',
      seed: input.seed ?? config.seed, params: { ...record.latestParams },
    },
    detail: candidateDetail({
      id, pair: input.pair, tf: input.tf, strategy: input.strategyId, paramNames: Object.keys(input.grid), candles, choice, record, statistics, regimes: config.regimes,
    }),
    combos: comboRows(choice),
  };
}

/** Record and statistics of a chosen candidate: its evidence, ready for the family step. */
export function finishCandidate(candles: Candles, input: ResearchCandidateInput, choice: WalkForwardChoice, cache = new IndicatorCache(candles)): CandidateEvidence {
  const execution = { fees: input.fees, timeframe: input.tf };
  const record = recordWalkForward({ candles, tf: input.tf, strategyId: input.strategyId, execution, cache }, choice);
  const statistics = candidateStatistics(
    { candles, strategyId: input.strategyId, tf: input.tf, grid: input.grid, config: input.config, fees: input.fees, seed: input.seed ?? input.config.seed, cache },
    choice, record,
  );
  return evidenceOf(candles, input, choice, record, statistics);
}

/** Runs the whole research of one candidate; `evaluate` may send combo batches to a worker pool. */
export async function researchCandidate(candles: Candles, input: ResearchCandidateInput, evaluate?: ComboBatchEvaluator): Promise<CandidateEvidence> {
  const choice = await chooseCandidate(candles, input, evaluate);
  return finishCandidate(candles, input, choice);
}
