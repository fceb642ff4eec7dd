import type { SummaryFile, SummaryRow } from '../config/summary-file.js';
import {
  formatInteger,
  formatNumber,
  formatParams,
  formatPercent,
  formatProfitFactor,
  formatPValue,
  formatTimestamp,
  sortKey,
} from './_format.js';
import { detailAssetPath } from './detail-asset.js';
import { TIMEFRAMES } from '../core/timeframe.js';

/** One sortable column of the results table; `glossaryId` is the anchor its header links to. */
export interface ResultColumn {
  readonly key: string;
  readonly label: string;
  readonly glossaryId: string;
}

export interface ResultCell {
  readonly key: string;
  readonly text: string;
  /** Raw value for client-side sorting; '' sorts last. */
  readonly sort: string;
  /** CSS class of the value: `grade grade-A` for grades, `neg` for a losing metric, '' otherwise. */
  readonly tone: string;
}

/** Per-result extras shipped with the lazily loaded detail (not in the HTML). */
export interface ResultDetailExtras {
  readonly title: string;
  readonly params: string;
  readonly breakdown: readonly { criterion: string; value: string; points: string; threshold: string; met: string }[];
  readonly totalPoints: string;
  readonly caps: readonly string[];
  readonly warnings: readonly string[];
  readonly stamp: readonly { label: string; value: string }[];
}

export interface ResultRowView {
  readonly id: string;
  readonly detailSrc: string;
  readonly pair: string;
  readonly tf: string;
  readonly strategy: string;
  readonly params: string;
  readonly grade: string;
  readonly cells: readonly ResultCell[];
  /** Lower-cased text the search box matches against. */
  readonly searchText: string;
  readonly warningCount: string;
  readonly detail: ResultDetailExtras;
}

export interface ResultsView {
  readonly runId: string;
  readonly createdAt: string;
  readonly count: string;
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly ResultRowView[];
  readonly filters: { grades: string[]; pairs: string[]; tfs: string[]; strategies: string[] };
  readonly failures: readonly { item: string; error: string }[];
  readonly hint?: string;
}

export const RESULT_COLUMNS: readonly ResultColumn[] = [
  { key: 'grade', label: 'Grade', glossaryId: 'grade' },
  { key: 'score', label: 'Score', glossaryId: 'score' },
  { key: 'pf', label: 'PF', glossaryId: 'pf' },
  { key: 'mdd', label: 'MDD', glossaryId: 'mdd' },
  { key: 'sharpe', label: 'Sharpe', glossaryId: 'sharpe' },
  { key: 'win_rate', label: 'Win', glossaryId: 'win_rate' },
  { key: 'trades', label: 'Trades', glossaryId: 'trades' },
  { key: 'dsr', label: 'DSR', glossaryId: 'dsr' },
  { key: 'mc_pvalue', label: 'MC p', glossaryId: 'mc_pvalue' },
  { key: 'consistency', label: 'Consist.', glossaryId: 'consistency' },
];

const GRADE_ORDER: Record<string, number> = { A: 5, B: 4, C: 3, D: 2, F: 1 };

function cell(key: string, text: string, value: number | null, tone = ''): ResultCell {
  return { key, text, sort: sortKey(value), tone };
}

function cells(row: SummaryRow): ResultCell[] {
  return [
    cell('grade', row.grade, GRADE_ORDER[row.grade] ?? 0, `grade grade-${row.grade}`),
    cell('score', formatNumber(row.score, 0), row.score),
    cell('pf', formatProfitFactor(row.pf), row.pf, row.pf < 1 ? 'neg' : ''),
    cell('mdd', formatPercent(row.mdd), row.mdd),
    cell('sharpe', formatNumber(row.sharpe), row.sharpe, row.sharpe < 0 ? 'neg' : ''),
    cell('win_rate', formatPercent(row.win_rate, 0), row.win_rate),
    cell('trades', formatInteger(row.trades), row.trades, row.trades < 30 ? 'neg' : ''),
    cell('dsr', formatNumber(row.dsr), row.dsr),
    cell('mc_pvalue', formatPValue(row.mc_pvalue), row.mc_pvalue),
    cell('consistency', formatPercent(row.consistency, 0), row.consistency),
  ];
}

function detailExtras(row: SummaryRow): ResultDetailExtras {
  const total = row.breakdown.reduce((sum, item) => sum + item.points, 0);
  const max = row.breakdown.reduce((sum, item) => sum + item.max_points, 0);
  return {
    title: `${row.pair} · ${row.tf} · ${row.strategy}`,
    params: formatParams(row.params),
    breakdown: row.breakdown.map((item) => ({
      criterion: item.criterion,
      value: item.value !== null && Number.isInteger(item.value) ? formatInteger(item.value) : formatNumber(item.value, 3),
      points: `${formatNumber(item.points, 1)} / ${formatNumber(item.max_points, 1)}`,
      threshold: item.threshold,
      met: item.met ? 'met' : 'missed',
    })),
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

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** Results table view: best score first (ties keep summary order), formatted cells. */
export function buildResultsView(summary: SummaryFile | undefined): ResultsView {
  if (!summary) {
    return {
      runId: '—', createdAt: '—', count: '0', columns: RESULT_COLUMNS, rows: [], failures: [],
      filters: { grades: [], pairs: [], tfs: [], strategies: [] },
      hint: 'No backtest yet: run scalp backtest (or scalp run) to fill this table.',
    };
  }
  const rows = [...summary.rows].sort((a, b) => b.score - a.score).map((row): ResultRowView => ({
    id: row.id,
    detailSrc: detailAssetPath(row.id),
    pair: row.pair,
    tf: row.tf,
    strategy: row.strategy,
    params: formatParams(row.params),
    grade: row.grade,
    cells: cells(row),
    searchText: `${row.pair} ${row.tf} ${row.strategy} ${formatParams(row.params)}`.toLowerCase(),
    warningCount: row.warnings.length > 0 ? String(row.warnings.length) : '',
    detail: detailExtras(row),
  }));
  return {
    runId: summary.run_id,
    createdAt: formatTimestamp(Date.parse(summary.created_at)),
    count: formatInteger(rows.length),
    columns: RESULT_COLUMNS,
    rows,
    filters: {
      grades: distinct(rows.map((row) => row.grade)),
      pairs: distinct(rows.map((row) => row.pair)),
      tfs: distinct(rows.map((row) => row.tf)).sort((a, b) => TIMEFRAMES.indexOf(a as never) - TIMEFRAMES.indexOf(b as never)),
      strategies: distinct(rows.map((row) => row.strategy)),
    },
    failures: summary.failures,
    ...(rows.length === 0 ? { hint: 'The last backtest produced no results (see failures below).' } : {}),
  };
}
