/**
 * Research of one candidate (pair, tf, strategy): walk-forward search, then on the best combo Monte Carlo,
 * Probabilistic/Deflated Sharpe, stability, regimes and cost stress, a score and a grade, and everything the
 * summary row, its detail file, the candidates file and the results DB need. Pure: no disk, runs in a worker.
 */
import { hashString, type Candles, type Timeframe } from '../core/index.js';
import { IndicatorCache } from '../indicators/index.js';
import { buildCandidateFiles } from './_candidate-files.js';
import type { CandidateResearch, ResearchCandidateInput, SearchOutcome } from './candidate-research.js';
import { costStress } from './cost-stress.js';
import { expectedMaxSharpe, probabilisticSharpe } from './deflated-sharpe.js';
import { gradeCandidate } from './grade-candidate.js';
import { returnMoments, variance } from './moments.js';
import { monteCarloTrades } from './monte-carlo.js';
import { runOutOfSample, type OutOfSampleInput } from './out-of-sample-run.js';
import { passiveBenchmark } from './passive-benchmark.js';
import { candlesHash, hashValue } from './reproducibility.js';
import { checkStability } from './stability-check.js';
import { runWalkForward, type ComboBatchEvaluator } from './walk-forward.js';

/** Runs the whole research of one candidate; `evaluate` may send combo batches to a worker pool. */
export async function researchCandidate(candles: Candles, input: ResearchCandidateInput, evaluate?: ComboBatchEvaluator): Promise<CandidateResearch> {
  const outcome = await searchCandidate(candles, input, evaluate);
  return finalizeCandidate(candles, input, outcome);
}

/** The walk-forward search part; throws when there is no window or no combo could run. */
export async function searchCandidate(candles: Candles, input: ResearchCandidateInput, evaluate?: ComboBatchEvaluator): Promise<SearchOutcome> {
  const seed = input.seed ?? input.config.seed;
  const result = await runWalkForward(
    candles,
    {
      tf: input.tf, strategyId: input.strategyId, grid: input.grid, defaults: input.defaults ?? {}, config: input.config,
      execution: { fees: input.fees, timeframe: input.tf }, seed: seed + hashString(`${input.pair}|${input.tf}|${input.strategyId}`),
    },
    evaluate,
  );
  if (result.reason !== null) throw new RangeError(`${input.pair} ${input.tf}: ${result.reason}`);
  if (result.best === null) {
    const first = result.combos.find((combo) => combo.error !== undefined)?.error ?? 'no combo evaluated';
    throw new RangeError(`${input.strategyId} on ${input.pair} ${input.tf}: no combo of the grid could run (${first})`);
  }
  const { reason: _reason, ...outcome } = result;
  return outcome;
}

/**
 * Per-bar DSR of the best combo's OOS returns against the passive benchmark deflated for selection:
 * DSR = PSR(SR, SR* = SR_passive + SR0(N, V)) (Bailey & Lopez de Prado 2012 eq. 4 with 2014 eq. 6 as benchmark),
 * N = combos that ran, V = variance of their per-bar OOS Sharpes, SR_passive = mean(beta_w m_t) / sd(r): the
 * per-bar return of the exposure-weighted buy-and-hold of the same windows (passive-benchmark.ts) per unit of the
 * strategy's own risk. Skewness and kurtosis are those of the strategy's returns.
 *
 * Why the passive benchmark: the False Strategy Theorem behind SR0 assumes unskilled trials have a true Sharpe of 0.
 * On a path that drifted, unskilled trials that are net long share the drift (their Sharpes cluster above 0 with a
 * small V), so the best raw Sharpe clears SR0 by luck. Unskilled trials are centred on SR_passive, so their expected
 * maximum is SR_passive + SR0. The combo was also chosen on these OOS bars (combo_score): N and V pay for that.
 * The strategy's own volatility is kept (not that of r - beta m): hedging out beta would lower the variance and
 * flatter a strategy that is not hedged when it trades.
 *
 * `tStat` = (SR - SR_passive) sqrt(T): the un-deflated strength of the active edge.
 */
function deflated(barReturns: Float64Array, passiveMean: number, outcome: SearchOutcome): { dsr: number | null; tStat: number | null; problem?: string } {
  const moments = returnMoments(barReturns);
  if (!(moments.observations >= 2) || !Number.isFinite(moments.sharpe) || !(moments.standardDeviation > 0)) {
    return { dsr: null, tStat: null, problem: 'DSR unavailable: the OOS returns never vary (no trades?)' };
  }
  const passiveSr = passiveMean / moments.standardDeviation;
  const tStat = (moments.sharpe - passiveSr) * Math.sqrt(moments.observations);
  const sharpes = outcome.combos.filter((combo) => combo.error === undefined && Number.isFinite(combo.oosBarSharpe)).map((combo) => combo.oosBarSharpe);
  const trialVariance = sharpes.length > 1 ? variance(sharpes) : 0;
  try {
    const sr0 = expectedMaxSharpe({ trials: Math.max(1, outcome.validCount), trialSharpeVariance: Number.isFinite(trialVariance) ? trialVariance : 0 });
    const dsr = probabilisticSharpe({
      sr: moments.sharpe, benchmarkSr: sr0 + passiveSr, observations: moments.observations, skewness: moments.skewness, kurtosis: moments.kurtosis,
    });
    return { dsr, tStat };
  } catch (error) {
    return { dsr: null, tStat, problem: `DSR unavailable: ${(error as Error).message}` };
  }
}

/** Everything after the search: detailed OOS re-run, Monte Carlo, DSR, stability, regimes, cost stress, grade. */
export function finalizeCandidate(candles: Candles, input: ResearchCandidateInput, outcome: SearchOutcome, cache = new IndicatorCache(candles)): CandidateResearch {
  const best = outcome.best;
  if (best === null) throw new RangeError(`${input.strategyId} on ${input.pair} ${input.tf}: no best combo to finalize`);
  const config = input.config;
  const seed = input.seed ?? config.seed;
  const runInput: OutOfSampleInput = {
    candles, tf: input.tf, strategyId: input.strategyId, params: best.params, windows: outcome.windows,
    execution: { fees: input.fees, timeframe: input.tf }, cache,
  };
  const oos = runOutOfSample(runInput);
  const inSample = runOutOfSample({ ...runInput, windows: outcome.windows.map((w) => ({ ...w, oosStart: w.isStart, oosEnd: w.isEnd })) });
  const monteCarlo = monteCarloTrades(oos.tradeReturns, {
    sims: config.monte_carlo.sims, blockSize: config.monte_carlo.block_size, minTrades: config.monte_carlo.min_trades,
    seed: seed + hashString(best.key),
  });
  const trials = Math.max(1, outcome.validCount);
  // The best combo was selected among `trials` combos by OOS results: the raw bootstrap p-value ignores that
  // selection, so it is adjusted for multiple testing (Sidak 1967): p' = 1 - (1 - p)^N. This is not a double
  // count with the DSR: the grade is a sum of criteria and each one computed on the selected OOS sample must pay
  // for the selection itself, or its points reward the selection. The DSR pays through SR0(N, V), which knows
  // how alike the combos are; Sidak assumes independent trials and is conservative for correlated combos (Sidak's
  // inequality), which is the safe side for a grade.
  const mcPValue = monteCarlo.pValue === null ? null : 1 - (1 - monteCarlo.pValue) ** trials;
  const benchmark = passiveBenchmark(candles, outcome.windows, oos.barReturns);
  const passiveMean = benchmark.windowPassive.reduce((a, b) => a + b, 0) / Math.max(1, oos.barReturns.length);
  const dsr = deflated(oos.barReturns, passiveMean, outcome);
  const activeConsistency = benchmark.windowExcess.length > 0 ? benchmark.windowExcess.filter((x) => x > 0).length / benchmark.windowExcess.length : null;
  const stability = checkStability(runInput, oos.aggregate.sharpe, input.grid, config.stability);
  const stress = costStress(runInput, oos.aggregate.netReturn, config.cost_stress);
  const oosIsRatio = best.oosIsRatio;
  const graded = gradeCandidate(
    {
      oosTStat: dsr.tStat, consistency: activeConsistency, oosIsRatio, dsr: dsr.dsr,
      monteCarlo: { pValue: mcPValue, underpowered: monteCarlo.underpowered }, stability: stability.score,
      costStress: stress.keptShare, oosTrades: oos.aggregate.trades,
    },
    config.grading,
  );
  const warnings: string[] = [];
  if (monteCarlo.underpowered) warnings.push(`underpowered: ${monteCarlo.trades} OOS trades (< ${config.monte_carlo.min_trades}); Monte Carlo p-value withheld`);
  if (outcome.windows.length < config.walk_forward.min_windows) warnings.push(`few windows: ${outcome.windows.length} walk-forward windows (< ${config.walk_forward.min_windows}); backfill more history`);
  if (oos.aggregate.trades > 0 && oos.aggregate.ambiguousBars / oos.aggregate.trades > 0.1) {
    warnings.push(`ambiguous bars: ${oos.aggregate.ambiguousBars} bars for ${oos.aggregate.trades} trades had stop and take-profit inside one bar (intrabar policy decided)`);
  }
  if (dsr.problem) warnings.push(dsr.problem);
  const passiveShare = passiveShareOfReturn(benchmark.windowPassive, benchmark.windowExcess);
  if (passiveShare !== null && passiveShare > 0.5) {
    warnings.push(`market drift: ${Math.round(passiveShare * 100)}% of the OOS return is the exposure-weighted buy-and-hold of the same windows, not timing`);
  }
  if (stability.cliffs.length > 0) warnings.push(`cliffs: a small change of ${stability.cliffs.join(', ')} drops the OOS Sharpe by more than ${config.stability.cliff_drop * 100}%`);
  const invalid = outcome.combos.length - outcome.validCount;
  if (invalid > 0) warnings.push(`${invalid} combos rejected by the strategy (invalid parameter combination)`);
  const stamp = {
    data_hash: candlesHash(candles), config_hash: hashValue({ config, fees: input.fees }), code_version: input.codeVersion ?? 'dev',
    seed, params: best.params,
  };
  return buildCandidateFiles({
    input, candles, outcome, best, oos, inSampleWindows: inSample.windows, monteCarlo, dsr: dsr.dsr, stability, stress, graded,
    warnings, stamp, mcPValue,
  });
}

/** Share of a positive total OOS return that the passive part explains, or null when the total is not positive. */
function passiveShareOfReturn(windowPassive: readonly number[], windowExcess: readonly number[]): number | null {
  const passive = windowPassive.reduce((a, b) => a + b, 0);
  const total = passive + windowExcess.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.max(0, passive) / total : null;
}
