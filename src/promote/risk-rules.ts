import { GRADES } from '../config/strategies-file.js';
import type { Candidate, Grade } from '../config/strategies-file.js';
import type { RiskRules } from '../config/risk-modes.js';

/**
 * The promotion rules a candidate can fail: the risk rules, named after their key in `risk_modes.<mode>`, and the
 * two provenance rules of candidate-provenance.ts (`latest_result`, `expired_measurement`).
 */
export type RiskRuleName =
  | 'min_grade' | 'min_trades' | 'max_drawdown' | 'min_profit_factor' | 'min_dsr' | 'max_mc_pvalue' | 'max_pbo'
  | 'latest_result' | 'expired_measurement' | 'demoted';

/** One failed rule: what the risk mode asks for, what the candidate has, and a sentence for humans. */
export interface RuleFailure {
  rule: RiskRuleName;
  expected: string | number;
  /** The candidate's value; null when the metric was not computed (DSR) or underpowered (Monte Carlo). */
  actual: string | number | null;
  message: string;
}

export interface CandidateCheck {
  passed: boolean;
  failures: RuleFailure[];
}

/** Rank of a grade: A = 0 (best) .. F = 4 (worst). */
export function gradeRank(grade: Grade): number {
  return GRADES.indexOf(grade);
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const decimal = (value: number): string => value.toFixed(2);

/**
 * Checks one candidate against the rules of a risk mode and lists every rule it fails (not only the first), so
 * the promotion report can say all that stands between a candidate and the active set.
 *
 * Conventions: grades rank A (best) to F (worst); `metrics.mdd` is a positive fraction of equity (0.25 = 25%);
 * a null profit factor means no trade lost (it passes when there were trades); `dsr` and `mc_pvalue` are the
 * family's (every combo of every strategy researched for the pair x tf), so a candidate is promoted only when it
 * survives the family-level test; a null DSR (not computed) fails unless `min_dsr` is 0; a null Monte Carlo
 * p-value means the record never varied and fails unless `allow_underpowered`; `pbo` is the candidate's CSCV
 * probability of backtest overfitting (null with a single combo: nothing was chosen). Bounds are inclusive.
 *
 * @param modeName risk mode name used in messages ("grade D below the balanced minimum C").
 */
export function checkCandidate(candidate: Candidate, rules: RiskRules, modeName?: string): CandidateCheck {
  const failures: RuleFailure[] = [];
  const mode = modeName ? `${modeName} ` : '';
  const { metrics } = candidate;

  if (gradeRank(candidate.grade) > gradeRank(rules.min_grade)) {
    failures.push({
      rule: 'min_grade', expected: rules.min_grade, actual: candidate.grade,
      message: `grade ${candidate.grade} below the ${mode}minimum ${rules.min_grade}`,
    });
  }
  if (metrics.trades < rules.min_trades) {
    failures.push({
      rule: 'min_trades', expected: rules.min_trades, actual: metrics.trades,
      message: `${metrics.trades} trades below ${rules.min_trades}`,
    });
  }
  if (metrics.mdd > rules.max_drawdown) {
    failures.push({
      rule: 'max_drawdown', expected: rules.max_drawdown, actual: metrics.mdd,
      message: `max drawdown ${percent(metrics.mdd)} above ${percent(rules.max_drawdown)}`,
    });
  }
  const noLosses = metrics.pf === null && metrics.trades > 0;
  if (!noLosses && (metrics.pf ?? 0) < rules.min_profit_factor) {
    failures.push({
      rule: 'min_profit_factor', expected: rules.min_profit_factor, actual: metrics.pf,
      message: metrics.pf === null ? `no trades (profit factor minimum ${decimal(rules.min_profit_factor)})` : `profit factor ${decimal(metrics.pf)} below ${decimal(rules.min_profit_factor)}`,
    });
  }
  if (metrics.dsr === null ? rules.min_dsr > 0 : metrics.dsr < rules.min_dsr) {
    failures.push({
      rule: 'min_dsr', expected: rules.min_dsr, actual: metrics.dsr,
      message: metrics.dsr === null
        ? `deflated Sharpe not computed (minimum ${decimal(rules.min_dsr)})`
        : `deflated Sharpe ${decimal(metrics.dsr)} below ${decimal(rules.min_dsr)}`,
    });
  }
  if (metrics.mc_pvalue === null ? !rules.allow_underpowered : metrics.mc_pvalue > rules.max_mc_pvalue) {
    failures.push({
      rule: 'max_mc_pvalue', expected: rules.max_mc_pvalue, actual: metrics.mc_pvalue,
      message: metrics.mc_pvalue === null
        ? `no Monte Carlo p-value (the record never varied), not allowed${modeName ? ` in ${modeName} mode` : ''}`
        : `family Monte Carlo p-value ${decimal(metrics.mc_pvalue)} above ${decimal(rules.max_mc_pvalue)}`,
    });
  }
  const pbo = metrics.pbo ?? null;
  if (pbo !== null && pbo > rules.max_pbo) {
    failures.push({
      rule: 'max_pbo', expected: rules.max_pbo, actual: pbo,
      message: `probability of backtest overfitting ${decimal(pbo)} above ${decimal(rules.max_pbo)}`,
    });
  }
  return { passed: failures.length === 0, failures };
}
