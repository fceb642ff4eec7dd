/**
 * The grade step: once every candidate of a pair x tf is researched, the family statistics are computed and each
 * candidate is scored on its own record with the family's DSR and Monte Carlo p-value, then turned into the
 * file-contract objects (summary row, detail, candidate, combo rows).
 */
import type { BacktestConfig } from '../config/backtest-config.js';
import type { ComboRow } from '../config/combo-row.js';
import type { ResultDetail } from '../config/result-detail-file.js';
import type { Candidate } from '../config/strategies-file.js';
import type { SummaryRow } from '../config/summary-file.js';
import { overfittingDetail } from './candidate-detail.js';
import type { CandidateEvidence } from './candidate-evidence.js';
import { familyStatistics, type FamilyMemberStatistics, type FamilyStatistics } from './family-statistics.js';
import { gradeCandidate, type GradedCandidate } from './grade-candidate.js';
import type { CandidateCriteria } from './grade.js';

/** One graded candidate, as the reports and the results DB take it. */
export interface CandidateResearch {
  id: string;
  row: SummaryRow;
  detail: ResultDetail;
  candidate: Candidate;
  /** Every evaluated combo (diagnostic), for the results DB and heatmaps. */
  combos: ComboRow[];
}

export interface GradeOptions {
  config: BacktestConfig;
  /** Run id written into each candidate's source_run (default 'local'). */
  runId?: string;
  simulated?: boolean;
}

function criteriaOf(evidence: CandidateEvidence, member: FamilyMemberStatistics): CandidateCriteria {
  return {
    oosTStat: evidence.edgeTStat, consistency: evidence.consistency, oosIsRatio: evidence.oosIsRatio, dsr: member.dsr,
    monteCarlo: { pValue: member.mcPValue, underpowered: evidence.tradeBootstrap.underpowered }, pbo: evidence.candidatePbo,
    stability: evidence.stability, costStress: evidence.costStress,
    oosTrades: evidence.oos.trades, netReturn: evidence.oos.net_return, exposure: evidence.oos.exposure,
  };
}

function familyWarnings(evidence: CandidateEvidence, family: FamilyStatistics, member: FamilyMemberStatistics): string[] {
  const years = member.minBacktestYears;
  if (years === null || evidence.historyYears >= years) return [];
  return [
    `short history: ${family.trials} combos were tried for ${evidence.pair} ${evidence.tf}; their best would reach this Sharpe by luck ` +
      `unless the history spans ${years.toFixed(2)} years (MinBTL), and it spans ${evidence.historyYears.toFixed(2)}`,
  ];
}

function rowOf(evidence: CandidateEvidence, family: FamilyStatistics, member: FamilyMemberStatistics, graded: GradedCandidate): SummaryRow {
  const { oos } = evidence;
  return {
    id: evidence.id, pair: evidence.pair, tf: evidence.tf, strategy: evidence.strategy, params: evidence.params,
    grade: graded.report.grade, score: Math.min(100, Math.max(0, graded.report.score)),
    is: pickSample(evidence.is), oos: pickSample(oos),
    pf: oos.pf, mdd: oos.mdd, sharpe: oos.sharpe, sortino: oos.sortino, win_rate: oos.win_rate, trades: oos.trades,
    expectancy: oos.expectancy, exposure: oos.exposure,
    dsr: member.dsr, dsr_candidate: evidence.candidateDsr, mc_pvalue: member.mcPValue, mc_pvalue_candidate: evidence.tradeBootstrap.pValue,
    pbo: evidence.candidatePbo, pbo_family: family.overfitting?.pbo ?? null, edge_t_stat: evidence.edgeTStat,
    consistency: evidence.consistency, oos_is_ratio: evidence.oosIsRatio, stability: evidence.stability,
    combos_tested: evidence.trials.sharpes.length, family_trials: family.trials, family_strategies: family.strategies,
    min_backtest_years: member.minBacktestYears, history_years: evidence.historyYears, researched_through: evidence.researchedThrough,
    windows: evidence.detail.windows.length, breakdown: graded.breakdown, caps: graded.caps, stamp: evidence.stamp,
    warnings: [...evidence.warnings, ...familyWarnings(evidence, family, member)], reused: false,
  };
}

function pickSample(metrics: CandidateEvidence['oos']): SummaryRow['oos'] {
  const { sharpe, net_return, trades, pf, mdd, win_rate } = metrics;
  return { sharpe, net_return, trades, pf, mdd, win_rate };
}

function detailOf(evidence: CandidateEvidence, family: FamilyStatistics, member: FamilyMemberStatistics): ResultDetail {
  return {
    ...evidence.detail,
    combos: evidence.combos.filter((combo) => combo.error === null).map((combo) => ({
      params: combo.params, is_sharpe: combo.is_sharpe ?? 0, oos_sharpe: combo.oos_sharpe ?? 0, oos_return: combo.oos_return,
      oos_trades: combo.oos_trades, windows_chosen: combo.windows_chosen,
    })),
    family: {
      strategies: family.strategies, trials: family.trials, trial_sharpe_variance: family.trialSharpeVariance,
      expected_max_sharpe: family.expectedMaxSharpe, dsr: member.dsr, dsr_candidate: evidence.candidateDsr, mc_pvalue: member.mcPValue,
      mc_family_pvalue: family.familyPValue, min_backtest_years: member.minBacktestYears, history_years: evidence.historyYears,
      overfitting: overfittingDetail(family.overfitting),
    },
  };
}

/** What the record promises per bar (the forward test's yardstick); absent when the record never varied. */
function promiseOf(evidence: CandidateEvidence): Candidate['promise'] {
  const m = evidence.moments;
  if (m === null) return undefined;
  return {
    mean_return: m.sharpe * m.standardDeviation, std_return: m.standardDeviation, sharpe: m.sharpe, skewness: m.skewness,
    kurtosis: m.kurtosis, bars: m.observations,
  };
}

/** The candidate of a summary row (strategies.yml.next's shape); `promise` when the record's moments are known. */
export function candidateFromRow(row: SummaryRow, source: { runId: string; simulated: boolean; promise?: Candidate['promise'] }): Candidate {
  return {
    pair: row.pair, tf: row.tf, strategy: row.strategy, params: row.params, grade: row.grade, score: row.score,
    metrics: {
      sharpe: row.sharpe, sortino: row.sortino, pf: row.pf, mdd: row.mdd, win_rate: row.win_rate, trades: row.trades,
      net_return: row.oos.net_return, dsr: row.dsr, mc_pvalue: row.mc_pvalue, pbo: row.pbo, pbo_family: row.pbo_family,
      edge_t_stat: row.edge_t_stat, consistency: row.consistency, oos_is_ratio: row.oos_is_ratio, stability: row.stability,
    },
    ...(source.promise ? { promise: source.promise } : {}),
    ...(row.researched_through ? { researched_through: row.researched_through } : {}),
    source_run: source.runId,
    simulated: source.simulated,
  };
}

/** Grades the candidates of ONE pair x tf together (their family). */
export function gradeFamily(family: readonly CandidateEvidence[], options: GradeOptions): CandidateResearch[] {
  const statistics = familyStatistics(family, options.config);
  return family.map((evidence) => {
    const member = statistics.members.get(evidence.id) as FamilyMemberStatistics;
    const graded = gradeCandidate(criteriaOf(evidence, member), options.config.grading);
    const row = rowOf(evidence, statistics, member, graded);
    return { id: evidence.id, row, detail: detailOf(evidence, statistics, member), candidate: candidateFromRow(row, { runId: options.runId ?? 'local', simulated: options.simulated ?? false, promise: promiseOf(evidence) }), combos: evidence.combos };
  });
}

/** Grades any set of candidates: grouped into families by pair x tf, graded family by family, input order kept. */
export function gradeCandidates(evidences: readonly CandidateEvidence[], options: GradeOptions): CandidateResearch[] {
  const families = new Map<string, CandidateEvidence[]>();
  for (const evidence of evidences) {
    const key = `${evidence.pair}\u0000${evidence.tf}`;
    families.set(key, [...(families.get(key) ?? []), evidence]);
  }
  const graded = new Map<string, CandidateResearch>();
  for (const family of families.values()) for (const result of gradeFamily(family, options)) graded.set(result.id, result);
  return evidences.map((evidence) => graded.get(evidence.id) as CandidateResearch);
}
