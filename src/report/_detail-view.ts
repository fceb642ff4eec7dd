import type { DetailFamily, DetailWindow, ResultDetail } from '../config/result-detail-file.js';
import {
  formatInteger,
  formatNumber,
  formatParams,
  formatPercent,
  formatPeriod,
  formatPValue,
  formatSignificant,
  formatYears,
} from './_format.js';
import type { DetailFact } from './_result-extras.js';

/** One cell of a detail table: the text and its CSS class ('' = plain). */
export interface DetailCell {
  readonly text: string;
  readonly tone: string;
}

/** A measure shown twice: counting the whole family, and for this strategy's own combos alone. */
export interface FamilyComparison {
  readonly label: string;
  readonly glossaryId: string;
  readonly family: string;
  readonly alone: string;
}

export interface FamilyView {
  readonly facts: readonly DetailFact[];
  readonly comparisons: readonly FamilyComparison[];
}

/**
 * The formatted parts of a result detail that the page shows as text (the charts draw the raw detail): the
 * walk-forward record one row per window, in the column order of the table in templates/partials/detail.hbs,
 * and the family box.
 */
export interface DetailView {
  readonly walkForward: readonly (readonly DetailCell[])[];
  readonly family: FamilyView;
}

/** Numeric cells align right (`num`), losses in red (`neg`). */
const numberTone = (value = 0): string => (value < 0 ? 'num neg' : 'num');

function sameParams(a: DetailWindow['params'], b: DetailWindow['params']): boolean {
  return formatParams(a) === formatParams(b);
}

/**
 * The params a window chose: in full for the first window and wherever they changed (marked), else "same as W<k>",
 * so a phone row stays one line high and a change stands out.
 */
function paramsCell(window: DetailWindow, previous: DetailWindow | undefined): DetailCell {
  if (previous === undefined) return { text: formatParams(window.params), tone: 'params' };
  if (sameParams(previous.params, window.params)) return { text: `same as W${previous.index + 1}`, tone: 'params same' };
  return { text: formatParams(window.params), tone: 'params changed' };
}

/** Window, OOS period, params chosen on IS, IS t, IS trades, OOS return, OOS trades, beta, excess over passive. */
function windowRow(window: DetailWindow, previous: DetailWindow | undefined): DetailCell[] {
  return [
    { text: `W${window.index + 1}`, tone: '' },
    { text: formatPeriod(window.oos_start, window.oos_end), tone: 'period' },
    paramsCell(window, previous),
    { text: formatNumber(window.is_t_stat), tone: numberTone() },
    { text: formatInteger(window.is_trades), tone: numberTone() },
    { text: formatPercent(window.oos_return, 2, true), tone: numberTone(window.oos_return) },
    { text: formatInteger(window.oos_trades), tone: numberTone() },
    { text: formatNumber(window.beta), tone: numberTone() },
    { text: formatPercent(window.excess_return, 2, true), tone: numberTone(window.excess_return) },
  ];
}

/** MinBTL against the history: a warning when the history is shorter than the trials need. */
function minBacktestFact(family: DetailFamily): DetailFact {
  const needed = family.min_backtest_years;
  if (needed === null) return { label: 'MinBTL', value: `no positive Sharpe to explain · history ${formatYears(family.history_years)}`, glossaryId: 'min_btl', tone: '' };
  const short = family.history_years < needed;
  const verdict = short ? ': too short, this Sharpe is reachable by luck' : '';
  return { label: 'MinBTL', value: `needs ${formatYears(needed)} · history ${formatYears(family.history_years)}${verdict}`, glossaryId: 'min_btl', tone: short ? 'warn' : '' };
}

function familyView(family: DetailFamily, detail: ResultDetail): FamilyView {
  const strategies = `${formatInteger(family.strategies)} ${family.strategies === 1 ? 'strategy' : 'strategies'}`;
  return {
    facts: [
      { label: 'Family', value: `${strategies} · N = ${formatInteger(family.trials)} combos tried`, glossaryId: 'family', tone: '' },
      { label: 'Best Sharpe of N unskilled trials (SR0)', value: `${formatSignificant(family.expected_max_sharpe, 3)} per bar`, glossaryId: 'dsr', tone: '' },
      { label: 'Spread of the trials\u2019 Sharpes (V)', value: formatSignificant(family.trial_sharpe_variance, 2), glossaryId: 'dsr', tone: '' },
      { label: 'Family\u2019s best record, Monte Carlo p', value: formatPValue(family.mc_family_pvalue), glossaryId: 'mc_pvalue', tone: '' },
      minBacktestFact(family),
    ],
    comparisons: [
      { label: 'Deflated Sharpe (DSR)', glossaryId: 'dsr', family: formatNumber(family.dsr, 3), alone: formatNumber(family.dsr_candidate, 3) },
      { label: 'Monte Carlo p', glossaryId: 'mc_pvalue', family: formatPValue(family.mc_pvalue), alone: formatPValue(detail.monte_carlo.p_value) },
      { label: 'PBO', glossaryId: 'pbo', family: formatNumber(family.overfitting?.pbo, 3), alone: formatNumber(detail.overfitting?.pbo, 3) },
    ],
  };
}

/** Formats the text parts of a result detail; pure. */
export function buildDetailView(detail: ResultDetail): DetailView {
  return {
    walkForward: detail.windows.map((window, k) => windowRow(window, detail.windows[k - 1])),
    family: familyView(detail.family, detail),
  };
}
