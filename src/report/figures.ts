import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import type { ResultDetail } from '../config/result-detail-file.js';
import { TEMPLATES_DIR } from './_dashboard-assets.js';

/** A plotly figure as plain data: what `Plotly.newPlot(element, data, layout)` takes. */
export interface PlotlyFigure {
  readonly data: Record<string, unknown>[];
  readonly layout: Record<string, unknown>;
}

/**
 * The figure builders of the result detail (dark theme). Each is a pure function of one detail; a figure without
 * data is `emptyFigure` with a message starting with "no ".
 */
export interface FigureBuilders {
  readonly theme: Readonly<Record<string, string>>;
  emptyFigure(message: string): PlotlyFigure;
  /** Drawdown from the running peak in percent (v / peak - 1) for a positive equity, else the difference v - peak. */
  drawdownSeries(values: readonly number[]): number[];
  /** The walk-forward record's equity (top) and its drawdown (bottom, shared time axis). */
  equityFigure(detail: ResultDetail): PlotlyFigure;
  /** Per record window: the IS Sharpe of the combo it chose, then its OOS Sharpe (grouped bars, OOS coloured by sign). */
  windowsFigure(detail: ResultDetail): PlotlyFigure;
  /** CSCV logit histogram of the candidate (and of its family when present), the overfit side (logit <= 0) shaded. */
  overfittingFigure(detail: ResultDetail): PlotlyFigure;
  /** CSCV degradation: IS vs OOS per-bar Sharpe of the splits' IS winners, the fitted line, the probability of loss. */
  degradationFigure(detail: ResultDetail): PlotlyFigure;
  /** Diagnostic: mean of `metric` over every tested combo per (x, y) parameter cell; y = x or '' gives one row. */
  heatmapFigure(detail: ResultDetail, xParam: string, yParam: string, metric: string): PlotlyFigure;
  /** Diagnostic: IS vs OOS Sharpe of every combo, the y = x line, combos earlier windows chose, the proposed params starred. */
  scatterFigure(detail: ResultDetail): PlotlyFigure;
  /** Diagnostic: histogram of the combos' OOS Sharpe with a line at the proposed combo. */
  distributionFigure(detail: ResultDetail): PlotlyFigure;
  /** Candlesticks of the last OOS window with entry (triangles) and exit (x) markers. */
  candlesFigure(detail: ResultDetail): PlotlyFigure;
}

/**
 * Loads the figure builders from templates/client/figures.js, the very file the browser runs (one source of truth:
 * the page builds its charts client-side from the lazily loaded detail, so the HTML stays small). Runs it in an
 * isolated node:vm context; useful for tests and for exporting figure JSON.
 */
export function loadFigureBuilders(): FigureBuilders {
  const code = readFileSync(join(TEMPLATES_DIR, 'client', 'figures.js'), 'utf8');
  const context: { scalpFigures?: FigureBuilders } = {};
  runInNewContext(code, context, { filename: 'templates/client/figures.js' });
  if (!context.scalpFigures) throw new Error('templates/client/figures.js did not define scalpFigures; restore the file from git');
  return context.scalpFigures;
}
