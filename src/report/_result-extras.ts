import type { SummaryRow } from '../config/summary-file.js';
import { formatInteger, formatNumber, formatParams, formatPercent, formatPValue } from './_format.js';

/** One labelled value of the detail, linked to its glossary entry ('' = no entry); tone is a CSS class or ''. */
export interface DetailFact {
  readonly label: string;
  readonly value: string;
  readonly glossaryId: string;
  readonly tone: string;
}

export interface BreakdownItemView {
  readonly criterion: string;
  readonly glossaryId: string;
  readonly value: string;
  readonly points: string;
  readonly threshold: string;
  readonly met: string;
}

/** Per-result extras shipped with the lazily loaded detail (not in the HTML), all from the summary row. */
export interface ResultDetailExtras {
  readonly title: string;
  readonly params: string;
  /** Key numbers of the walk-forward record that the results table leaves out. */
  readonly record: readonly DetailFact[];
  readonly breakdown: readonly BreakdownItemView[];
  readonly totalPoints: string;
  readonly caps: readonly string[];
  readonly warnings: readonly string[];
  readonly stamp: readonly { label: string; value: string }[];
}

/**
 * Reader-facing names of the built-in grading criteria (src/config/_grading-schema.ts) and their glossary entries.
 * A criterion not listed here (a user's own) keeps its id as its label.
 */
const CRITERIA: Readonly<Record<string, { label: string; glossaryId: string }>> = {
  oosTStat: { label: 'Edge t-stat', glossaryId: 'edge_t' },
  consistency: { label: 'Consistency', glossaryId: 'consistency' },
  oosIsRatio: { label: 'OOS / IS Sharpe', glossaryId: 'oos_is_ratio' },
  dsr: { label: 'Deflated Sharpe (family)', glossaryId: 'dsr' },
  monteCarlo: { label: 'Monte Carlo p (family)', glossaryId: 'mc_pvalue' },
  pbo: { label: 'PBO (this strategy)', glossaryId: 'pbo' },
  stability: { label: 'Stability', glossaryId: 'stability' },
  costStress: { label: 'Cost stress', glossaryId: 'cost_stress' },
};

function criterionValue(criterion: string, value: number | null): string {
  if (criterion === 'monteCarlo') return formatPValue(value);
  return value !== null && Number.isInteger(value) ? formatInteger(value) : formatNumber(value, 3);
}

function breakdownItem(item: SummaryRow['breakdown'][number]): BreakdownItemView {
  const known = Object.hasOwn(CRITERIA, item.criterion) ? CRITERIA[item.criterion] : undefined;
  return {
    criterion: known?.label ?? item.criterion,
    glossaryId: known?.glossaryId ?? '',
    value: criterionValue(item.criterion, item.value),
    points: `${formatNumber(item.points, 1)} / ${formatNumber(item.max_points, 1)}`,
    threshold: item.threshold,
    met: item.met ? 'met' : 'missed',
  };
}

function fact(label: string, value: string, glossaryId: string, tone = ''): DetailFact {
  return { label, value, glossaryId, tone };
}

function recordFacts(row: SummaryRow): DetailFact[] {
  return [
    fact('OOS net return', formatPercent(row.oos.net_return, 1, true), 'walk_forward', row.oos.net_return < 0 ? 'neg' : ''),
    fact('Win rate', formatPercent(row.win_rate, 0), 'win_rate'),
    fact('Exposure', formatPercent(row.exposure, 0), 'exposure'),
    fact('Sortino', formatNumber(row.sortino), 'sortino'),
  ];
}

export function resultDetailExtras(row: SummaryRow): ResultDetailExtras {
  const total = row.breakdown.reduce((sum, item) => sum + item.points, 0);
  const max = row.breakdown.reduce((sum, item) => sum + item.max_points, 0);
  return {
    title: `${row.pair} · ${row.tf} · ${row.strategy}`,
    params: formatParams(row.params),
    record: recordFacts(row),
    breakdown: row.breakdown.map(breakdownItem),
    totalPoints: `${formatNumber(total, 1)} / ${formatNumber(max, 1)} → score ${formatNumber(row.score, 0)}, grade ${row.grade}`,
    caps: row.caps,
    warnings: row.warnings,
    stamp: [
      { label: 'data hash', value: row.stamp.data_hash },
      { label: 'config hash', value: row.stamp.config_hash },
      { label: 'code version', value: row.stamp.code_version },
      { label: 'seed', value: String(row.stamp.seed) },
      { label: 'params', value: formatParams(row.stamp.params) },
      { label: 'combos tested', value: formatInteger(row.combos_tested) },
      { label: 'walk-forward windows', value: formatInteger(row.windows) },
    ],
  };
}
