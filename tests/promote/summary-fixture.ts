import type { Candidate } from '../../src/config/strategies-file.js';

/**
 * A valid reports/summary.json row for `entry`, measured by run `runId`: its identity, params, grade and score come
 * from the candidate, the other numbers are plausible constants.
 */
export function summaryRow(entry: Candidate, runId: string): Record<string, unknown> {
  const sample = { sharpe: 1, net_return: 0.1, trades: 100, pf: 1.5, mdd: 0.1, win_rate: 0.5 };
  return {
    id: `${entry.pair}-${entry.tf}-${entry.strategy}`.replace('/', ''), pair: entry.pair, tf: entry.tf, strategy: entry.strategy,
    params: entry.params, grade: entry.grade, score: entry.score, is: sample, oos: sample, pf: 1.5, mdd: 0.1, sharpe: 1, sortino: 1,
    win_rate: 0.5, trades: 100, expectancy: 0.001, exposure: 0.3, dsr: 0.9, dsr_candidate: 0.9, mc_pvalue: 0.01, mc_pvalue_candidate: 0.01,
    pbo: 0.1, pbo_family: 0.1, edge_t_stat: 3, consistency: 0.8, oos_is_ratio: 0.7, stability: 0.9, combos_tested: 4, family_trials: 4,
    family_strategies: 1, min_backtest_years: 0.1, history_years: 1, windows: 4, breakdown: [], caps: [],
    stamp: { data_hash: 'd', config_hash: 'c', code_version: 'v', seed: 42, params: entry.params }, warnings: [], run_id: runId,
  };
}
