import { buildActivityView, type ActivityView } from './_activity-view.js';
import { buildJobTimingsView, type JobTimingsView } from './_job-timings-view.js';
import { buildResultsView, type ResultsView } from './_results-view.js';
import {
  buildActiveView,
  buildHeaderView,
  buildWatchlistView,
  type ActiveView,
  type HeaderView,
  type WatchlistView,
} from './_status-view.js';
import type { DashboardInputs, InputWarning } from './dashboard-inputs.js';
import { GLOSSARY, type GlossaryEntry } from './glossary.js';

/**
 * Metrics of a tested combo the heatmap can colour by (keys of reports/details combos). Every combo's OOS numbers
 * are a diagnostic: no window chose on them.
 */
export const COMBO_METRICS = [
  { key: 'oos_sharpe', label: 'OOS Sharpe' },
  { key: 'is_sharpe', label: 'IS Sharpe' },
  { key: 'oos_return', label: 'OOS return' },
  { key: 'oos_trades', label: 'OOS trades' },
  { key: 'windows_chosen', label: 'Windows chosen' },
] as const;

/** Everything the page shows, already formatted: the templates only place strings. */
export interface DashboardViewModel {
  readonly title: string;
  readonly header: HeaderView;
  readonly warnings: readonly InputWarning[];
  readonly watchlist: WatchlistView;
  readonly active: ActiveView;
  readonly results: ResultsView;
  /** Which worker ran each queue job of the results' run, and for how long (queued runs only). */
  readonly jobTimings?: JobTimingsView;
  readonly activity: ActivityView;
  readonly glossary: readonly GlossaryEntry[];
  /** Small settings for the client script (embedded as JSON). */
  readonly client: { readonly comboMetrics: readonly { key: string; label: string }[] };
}

/**
 * Builds the dashboard view model from its inputs. Pure: the same inputs give the same model, and every number is
 * formatted here (ages and expiries relative to `generatedAt`).
 */
export function buildViewModel(inputs: DashboardInputs): DashboardViewModel {
  const header = buildHeaderView(inputs);
  return {
    title: `scalp · ${inputs.exchange}${inputs.simulated ? ' (simulated)' : ''}`,
    header,
    warnings: inputs.warnings ?? [],
    watchlist: buildWatchlistView(inputs),
    active: buildActiveView(inputs),
    results: buildResultsView(inputs.summary),
    jobTimings: buildJobTimingsView(inputs.jobTimings, inputs.summary?.run_id),
    activity: buildActivityView(inputs.promotions, inputs.cycles),
    glossary: GLOSSARY,
    client: { comboMetrics: COMBO_METRICS },
  };
}
