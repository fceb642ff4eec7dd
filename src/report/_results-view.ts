import type { SummaryFile, SummaryRow } from '../config/summary-file.js';
import { TIMEFRAMES } from '../core/timeframe.js';
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
import { resultDetailExtras, type ResultDetailExtras } from './_result-extras.js';
import { detailAssetPath } from './detail-asset.js';

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
  /** CSS class of the value: `grade grade-A` for grades, `neg` for a losing metric, `thin` for noise, '' otherwise. */
  readonly tone: string;
  /** Why the value must be read with care (title and screen-reader text, marked with *); '' when nothing to say. */
  readonly note: string;
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
  /** The series researched holds simulated candles (marked SIM on the row). */
  readonly simulated: boolean;
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
  /** Explains the * marker under the table, when some row carries it. */
  readonly thinNote?: string;
}

export const RESULT_COLUMNS: readonly ResultColumn[] = [
  { key: 'grade', label: 'Grade', glossaryId: 'grade' },
  { key: 'score', label: 'Score', glossaryId: 'score' },
  { key: 'edge_t_stat', label: 'Edge t', glossaryId: 'edge_t' },
  { key: 'pf', label: 'PF', glossaryId: 'pf' },
  { key: 'mdd', label: 'MDD', glossaryId: 'mdd' },
  { key: 'sharpe', label: 'Sharpe', glossaryId: 'sharpe' },
  { key: 'trades', label: 'Trades', glossaryId: 'trades' },
  { key: 'dsr', label: 'DSR', glossaryId: 'dsr' },
  { key: 'mc_pvalue', label: 'MC p', glossaryId: 'mc_pvalue' },
  { key: 'pbo', label: 'PBO', glossaryId: 'pbo' },
  { key: 'consistency', label: 'Consist.', glossaryId: 'consistency' },
];

/**
 * Below this many OOS trades an annualised Sharpe says nothing: a few lucky trades on 1m bars annualise to
 * Sharpes of 13-52. The same count is where the grade's evidence scaling and trade cap start (DESIGN.md section 6).
 */
const THIN_RECORD_TRADES = 30;
const THIN_SHARPE_NOTE = `fewer than ${THIN_RECORD_TRADES} trades: this annualised Sharpe is noise`;

const GRADE_ORDER: Record<string, number> = { A: 5, B: 4, C: 3, D: 2, F: 1 };

function cell(key: string, text: string, value: number | null, tone = '', note = ''): ResultCell {
  return { key, text, sort: sortKey(value), tone, note };
}

function isThin(row: SummaryRow): boolean {
  return row.trades < THIN_RECORD_TRADES;
}

/** A lossless record's PF (null) sorts above every finite PF; a record without trades sorts last. */
function profitFactorCell(row: SummaryRow): ResultCell {
  const sortValue = row.pf === null && row.trades > 0 ? Number.POSITIVE_INFINITY : row.pf;
  return cell('pf', formatProfitFactor(row.pf, row.trades), sortValue, row.pf !== null && row.pf < 1 ? 'neg' : '');
}

function sharpeCell(row: SummaryRow): ResultCell {
  if (isThin(row)) return cell('sharpe', formatNumber(row.sharpe), row.sharpe, 'thin', THIN_SHARPE_NOTE);
  return cell('sharpe', formatNumber(row.sharpe), row.sharpe, row.sharpe < 0 ? 'neg' : '');
}

function cells(row: SummaryRow): ResultCell[] {
  return [
    cell('grade', row.grade, GRADE_ORDER[row.grade] ?? 0, `grade grade-${row.grade}`),
    cell('score', formatNumber(row.score, 0), row.score),
    cell('edge_t_stat', formatNumber(row.edge_t_stat), row.edge_t_stat, row.edge_t_stat !== null && row.edge_t_stat < 0 ? 'neg' : ''),
    profitFactorCell(row),
    cell('mdd', formatPercent(row.mdd), row.mdd),
    sharpeCell(row),
    cell('trades', formatInteger(row.trades), row.trades, isThin(row) ? 'neg' : ''),
    cell('dsr', formatNumber(row.dsr), row.dsr),
    cell('mc_pvalue', formatPValue(row.mc_pvalue), row.mc_pvalue),
    cell('pbo', formatNumber(row.pbo), row.pbo, row.pbo !== null && row.pbo > 0.5 ? 'neg' : ''),
    cell('consistency', formatPercent(row.consistency, 0), row.consistency),
  ];
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
    detail: resultDetailExtras(row),
    simulated: row.simulated ?? summary.simulated,
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
    ...(summary.rows.some(isThin) ? { thinNote: `* ${THIN_SHARPE_NOTE}` } : {}),
  };
}
