/**
 * Grading of a researched candidate: the criteria measured on its walk-forward record (with its family's DSR and
 * Monte Carlo p-value) go through scoreCandidate (grade.ts) and come back as the summary row's breakdown and caps
 * (file-contract spelling).
 */
import type { BacktestConfig } from '../config/backtest-config.js';
import type { GradeBreakdownRow } from '../config/summary-file.js';
import { scoreCandidate, type CandidateCriteria, type GradeReport } from './grade.js';

export interface GradedCandidate {
  report: GradeReport;
  breakdown: GradeBreakdownRow[];
  caps: string[];
}

const finiteOrNull = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);

function thresholdText(threshold: { zero: number; full: number; pass: number }): string {
  const direction = threshold.full > threshold.zero ? '>=' : '<=';
  return `pass ${direction} ${threshold.pass} (0 points at ${threshold.zero}, full at ${threshold.full})`;
}

/** Scores the criteria with backtest_config's grading block and formats the breakdown rows. */
export function gradeCandidate(criteria: CandidateCriteria, config: BacktestConfig['grading']): GradedCandidate {
  const clean: CandidateCriteria = {
    ...criteria,
    oosTStat: finiteOrNull(criteria.oosTStat),
    consistency: finiteOrNull(criteria.consistency),
    oosIsRatio: finiteOrNull(criteria.oosIsRatio),
    dsr: finiteOrNull(criteria.dsr),
    pbo: finiteOrNull(criteria.pbo),
    stability: finiteOrNull(criteria.stability),
    costStress: finiteOrNull(criteria.costStress),
  };
  const report = scoreCandidate(clean, config);
  const breakdown = report.breakdown.map((entry) => ({
    criterion: entry.criterion,
    value: entry.value,
    points: entry.points,
    max_points: entry.maxPoints,
    threshold: entry.note ? `${thresholdText(entry.threshold)}; ${entry.note}` : thresholdText(entry.threshold),
    met: entry.met,
  }));
  return { report, breakdown, caps: report.caps.map((cap) => `${cap.rule} (${cap.trades} trades: ${cap.from} -> ${cap.to})`) };
}
