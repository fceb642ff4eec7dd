/**
 * Statistics of a family: every candidate researched for one pair x tf in a run. Promotion picks the best of
 * them, a second selection on top of each candidate's grid, so the tests that grade a candidate count every
 * choice of the family:
 * - the Deflated Sharpe against the expected best of ALL the family's combos (N, and V the variance of their
 *   per-bar OOS Sharpes);
 * - a Romano-Wolf stepdown bootstrap (max statistic over the family's records, White's Reality Check made
 *   per-member) of the records' active returns: an adjusted p-value per candidate, no Sidak floor;
 * - the CSCV probability of backtest overfitting over all the family's combos;
 * - MinBTL: the years of history N trials need before their best is unlikely to reach a record's Sharpe by luck.
 */
import { barsPerYear, hashString, unpackFloats } from '../core/index.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import type { CandidateEvidence, OverfittingSummary } from './candidate-evidence.js';
import { expectedMaxSharpe } from './deflated-sharpe.js';
import { deflatedEdge, trialSharpeVariance, unskilledTrialVariance } from './deflated-edge.js';
import { minBacktestLength } from './min-backtest-length.js';
import { overfittingOfTrials, trialsOfRows } from './overfitting-summary.js';
import { defaultBlockLength, romanoWolf } from './romano-wolf.js';

export interface FamilyMemberStatistics {
  dsr: number | null;
  mcPValue: number | null;
  minBacktestYears: number | null;
}

export interface FamilyStatistics {
  strategies: number;
  trials: number;
  /** Measured variance of the trials' per-bar OOS Sharpes. */
  trialSharpeVariance: number;
  /** SR0: expected best per-bar Sharpe of `trials` unskilled trials (variance capped at 1 / (T - 1), see deflated-edge.ts). */
  expectedMaxSharpe: number;
  /** Reality Check p-value of the family's best record (null when no record varies). */
  familyPValue: number | null;
  overfitting: OverfittingSummary | null;
  /** By evidence id. */
  members: Map<string, FamilyMemberStatistics>;
}

/** Romano-Wolf adjusted p-values of the records that vary, by id; flat records get none. */
function familyBootstrap(family: readonly CandidateEvidence[], config: BacktestConfig): { adjusted: Map<string, number>; familyPValue: number | null } {
  const adjusted = new Map<string, number>();
  const members = family.filter((evidence) => evidence.moments !== null).map((evidence) => ({ evidence, returns: unpackFloats(evidence.activeReturns) }));
  const length = members[0]?.returns.length ?? 0;
  const aligned = members.filter((member) => member.returns.length === length && length >= 2);
  if (aligned.length === 0) return { adjusted, familyPValue: null };
  const first = aligned[0].evidence;
  const result = romanoWolf({
    returns: aligned.map((member) => member.returns),
    sims: config.monte_carlo.family_sims,
    blockLength: config.monte_carlo.block_bars > 0 ? config.monte_carlo.block_bars : defaultBlockLength(length),
    seed: config.seed + hashString(`${first.pair}|${first.tf}|family`),
  });
  aligned.forEach((member, k) => adjusted.set(member.evidence.id, result.adjustedPValues[k]));
  return { adjusted, familyPValue: result.familyPValue };
}

function familyOverfitting(family: readonly CandidateEvidence[]): OverfittingSummary | null {
  const { partitions, blockSize } = family[0].trials;
  const consistent = family.filter((evidence) => evidence.trials.partitions === partitions && evidence.trials.blockSize === blockSize);
  const trials = consistent.flatMap((evidence) => trialsOfRows(evidence.trials.blockSums, evidence.trials.blockSquares, partitions));
  return overfittingOfTrials(trials, partitions, blockSize);
}

function minYears(evidence: CandidateEvidence, trials: number): number | null {
  const annualised = (evidence.moments?.sharpe ?? 0) * Math.sqrt(barsPerYear(evidence.tf));
  return annualised > 0 ? minBacktestLength({ trials: Math.max(1, trials), sharpe: annualised }) : null;
}

/** Bars of the family's OOS records (they share their windows). */
function observationsOf(family: readonly CandidateEvidence[]): number {
  return family.find((evidence) => evidence.moments !== null)?.moments?.observations ?? 0;
}

/** Family statistics of candidates of ONE pair x tf (every evidence must share pair and tf). */
export function familyStatistics(family: readonly CandidateEvidence[], config: BacktestConfig): FamilyStatistics {
  if (family.length === 0) throw new RangeError('familyStatistics: a family needs at least one candidate');
  const { pair, tf } = family[0];
  const stranger = family.find((evidence) => evidence.pair !== pair || evidence.tf !== tf);
  if (stranger) throw new RangeError(`familyStatistics: ${stranger.id} is not of ${pair} ${tf}; group candidates by pair and tf`);
  const sharpes = family.flatMap((evidence) => evidence.trials.sharpes);
  const trials = sharpes.length;
  const variance = trialSharpeVariance(sharpes);
  const bootstrap = familyBootstrap(family, config);
  const members = new Map<string, FamilyMemberStatistics>();
  for (const evidence of family) {
    members.set(evidence.id, {
      dsr: deflatedEdge({ moments: evidence.moments, passiveSharpe: evidence.passiveSharpe, trials, trialSharpeVariance: variance }),
      mcPValue: bootstrap.adjusted.get(evidence.id) ?? null,
      minBacktestYears: minYears(evidence, trials),
    });
  }
  return {
    strategies: family.length, trials, trialSharpeVariance: variance,
    expectedMaxSharpe: expectedMaxSharpe({ trials: Math.max(1, trials), trialSharpeVariance: unskilledTrialVariance(variance, observationsOf(family)) }),
    familyPValue: bootstrap.familyPValue, overfitting: familyOverfitting(family), members,
  };
}
