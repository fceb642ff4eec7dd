/**
 * The per-candidate part of reports/details/<id>.json: the walk-forward record window by window (params chosen on
 * IS, results on OOS, passive benchmark), the chained OOS equity, every combo as a diagnostic, the candidate's own
 * Monte Carlo and CSCV, cost stress, regimes, stability and the last OOS window's candles and trades. The family
 * section is added when the family is graded.
 */
import type { Candles } from '../core/index.js';
import type { CandidateDetail, ResultDetail } from '../config/result-detail-file.js';
import type { ComboRow } from '../config/combo-row.js';
import type { OverfittingSummary } from './candidate-evidence.js';
import type { CandidateStatistics } from './candidate-statistics.js';
import type { ComboSummary } from './evaluate-combos.js';
import { finite, finiteOrNull } from './finite.js';
import { classifyRegime, type RegimeConfig } from './regimes.js';
import type { WalkForwardChoice } from './walk-forward-choice.js';
import type { WalkForwardRecord } from './walk-forward-record.js';
import { stitchedTimes } from './stitched-run.js';

const MAX_EQUITY_POINTS = 600;

/** 8 significant digits: all a chart can show, and half the JSON of a full double. */
function displayPrecision(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(8)) : value;
}

function downsample(time: Float64Array, values: Float64Array): { t: number[]; v: number[] } {
  const stride = Math.max(1, Math.ceil(values.length / MAX_EQUITY_POINTS));
  const series = { t: [] as number[], v: [] as number[] };
  for (let i = 0; i < values.length; i += stride) {
    const at = Math.min(values.length - 1, i + stride - 1);
    series.t.push(time[at]);
    series.v.push(displayPrecision(values[at]));
  }
  return series;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** How many windows chose each combo key. */
function windowsChosen(choice: WalkForwardChoice): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of choice.choices) counts.set(entry.key, (counts.get(entry.key) ?? 0) + 1);
  return counts;
}

/** The DB row of one evaluated combo (diagnostic). */
export function comboRow(combo: ComboSummary, chosen: ReadonlyMap<string, number>): ComboRow {
  return {
    key: combo.key, params: combo.params, is_sharpe: finiteOrNull(median(combo.isSharpe)), oos_sharpe: finiteOrNull(combo.oosSharpeAnnualised),
    oos_return: finite(combo.chainedOosReturn), oos_trades: combo.totalOosTrades, windows_chosen: chosen.get(combo.key) ?? 0, error: combo.error ?? null,
  };
}

export function comboRows(choice: WalkForwardChoice): ComboRow[] {
  const chosen = windowsChosen(choice);
  return choice.combos.map((combo) => comboRow(combo, chosen));
}

/** The detail's overfitting block (snake_case). */
export function overfittingDetail(summary: OverfittingSummary | null): ResultDetail['overfitting'] {
  if (summary === null) return null;
  return {
    pbo: summary.pbo, probability_of_loss: summary.probabilityOfLoss,
    degradation: { slope: finiteOrNull(summary.degradation.slope), intercept: finiteOrNull(summary.degradation.intercept) },
    logit_histogram: summary.logitHistogram, degradation_points: summary.degradationPoints, splits: summary.splits, trials: summary.trials,
  };
}

function windowsOf(candles: Candles, choice: WalkForwardChoice, record: WalkForwardRecord, regimes: RegimeConfig): ResultDetail['windows'] {
  const time = candles.timestamp;
  return choice.windows.map((w, k) => {
    const picked = choice.choices[k];
    const oos = record.oos.ranges[k];
    return {
      index: w.index, is_start: time[w.isStart], is_end: time[w.isEnd - 1], oos_start: time[w.oosStart], oos_end: time[w.oosEnd - 1],
      params: picked.params, is_t_stat: finite(picked.isTStat), is_sharpe: finite(picked.isSharpe), is_trades: picked.isTrades,
      oos_sharpe: finite(oos.sharpe), oos_return: finite(oos.netReturn), oos_trades: oos.trades,
      beta: finite(record.passive.betas[k]), passive_return: finite(record.passive.windowPassive[k]), excess_return: finite(record.passive.windowExcess[k]),
      regime: classifyRegime(candles.close.subarray(w.oosStart, w.oosEnd), regimes),
    };
  });
}

function regimesOf(windows: ResultDetail['windows']): ResultDetail['regimes'] {
  return [...new Set(windows.map((w) => w.regime))].map((regime) => {
    const members = windows.filter((w) => w.regime === regime);
    const chained = members.reduce((level, w) => level * (1 + w.oos_return), 1) - 1;
    return { regime, windows: members.length, oos_sharpe: finite(members.reduce((s, w) => s + w.oos_sharpe, 0) / members.length), oos_return: finite(chained) };
  });
}

export interface DetailParts {
  id: string;
  pair: string;
  tf: ResultDetail['tf'];
  strategy: string;
  paramNames: string[];
  candles: Candles;
  choice: WalkForwardChoice;
  record: WalkForwardRecord;
  statistics: CandidateStatistics;
  regimes: RegimeConfig;
}

/** The detail of one candidate, without its family section. */
export function candidateDetail(parts: DetailParts): CandidateDetail {
  const { candles, choice, record, statistics } = parts;
  const windows = windowsOf(candles, choice, record, parts.regimes);
  const last = choice.windows[choice.windows.length - 1];
  const range = (column: Float64Array) => Array.from(column.subarray(last.oosStart, last.oosEnd), displayPrecision);
  const bootstrap = statistics.tradeBootstrap;
  return {
    id: parts.id, pair: parts.pair, tf: parts.tf, strategy: parts.strategy, params: { ...record.latestParams }, param_names: parts.paramNames,
    windows, equity: downsample(stitchedTimes(candles.timestamp, record.oosRanges), record.oos.equity),
    monte_carlo: { sims: bootstrap.sims, p_value: bootstrap.pValue, underpowered: bootstrap.underpowered, final_return: bootstrap.finalReturn, max_drawdown: bootstrap.maxDrawdown },
    selection: { combos_tested: choice.validCount, search: choice.search, rule: 'each window chooses the highest in-sample per-bar t-statistic' },
    overfitting: overfittingDetail(statistics.candidatePbo),
    cost_stress: statistics.stress.scenarios.map((s) => ({ label: s.label, net_return: finite(s.net_return), sharpe: finite(s.sharpe) })),
    regimes: regimesOf(windows),
    stability: { score: statistics.stability.score, cliffs: statistics.stability.cliffs, neighbours: statistics.stability.neighbours.map((n) => ({ ...n, sharpe: finite(n.sharpe) })) },
    last_window: {
      candles: { t: Array.from(candles.timestamp.subarray(last.oosStart, last.oosEnd)), o: range(candles.open), h: range(candles.high), l: range(candles.low), c: range(candles.close) },
      trades: record.oos.lastRangeTrades.map((t) => ({
        side: t.side, entry_time: t.entryTime, exit_time: t.exitTime, entry_price: t.entryPrice, exit_price: t.exitPrice,
        pnl: finite(t.pnl), return: finite(t.return), reason: t.exitReason,
      })),
    },
  };
}
