import type { CycleLogLine } from '../config/cycle-log.js';
import type { ActiveStrategy } from '../config/strategies-file.js';
import { formatAge, formatExpiry, formatNumber, formatParams, formatPercent, formatTimestamp } from './_format.js';
import type { DashboardInputs, DashboardPairState } from './dashboard-inputs.js';
import type { ForwardEntry } from '../config/forward-file.js';
import { demotionViews, forwardBadge, type DemotionView, type ForwardBadgeView } from './_forward-view.js';

const STATE_ORDER: readonly DashboardPairState[] = ['OK', 'DAT', 'OLD', 'MIS'];

export interface HeaderView {
  readonly exchange: string;
  readonly riskMode: string;
  readonly simulated: boolean;
  /** The SIMULATED DATA banner: whether all the data shown is simulated or only the rows marked SIM; '' for none. */
  readonly simulatedText: string;
  readonly generatedAt: string;
  readonly lastCycle: { time: string; age: string; status: string; statusClass: string } | null;
  readonly stateCounts: readonly { state: string; count: string; stateClass: string }[];
  readonly links: readonly { href: string; label: string }[];
}

export interface WatchlistCellView {
  readonly tf: string;
  readonly state: string;
  readonly stateClass: string;
  readonly age: string;
  readonly strategy: string;
  readonly expires: string;
  /** The series holds simulated candles (marked SIM). */
  readonly simulated: boolean;
}

export interface WatchlistView {
  readonly tfs: readonly string[];
  readonly rows: readonly { pair: string; cells: readonly WatchlistCellView[] }[];
  readonly hint?: string;
}

export interface ActiveRowView {
  readonly pair: string;
  readonly tf: string;
  readonly strategy: string;
  readonly params: string;
  readonly grade: string;
  readonly score: string;
  readonly sharpe: string;
  readonly mdd: string;
  readonly expiresIn: string;
  readonly expired: boolean;
  readonly forward: ForwardBadgeView;
}

export interface ActiveView {
  readonly rows: readonly ActiveRowView[];
  readonly hint?: string;
  /** Strategies the forward test demoted in the last week, newest first. */
  readonly demoted: readonly DemotionView[];
}

export const SECTION_LINKS = [
  { href: '#watchlist', label: 'Watchlist' },
  { href: '#active', label: 'Active' },
  { href: '#results', label: 'Results' },
  { href: '#detail', label: 'Detail' },
  { href: '#activity', label: 'Log' },
  { href: '#glossary', label: 'Glossary' },
] as const;

function lastCycleView(cycle: CycleLogLine | undefined, now: number): HeaderView['lastCycle'] {
  if (!cycle) return null;
  const ended = Date.parse(cycle.ended_at);
  return { time: formatTimestamp(ended), age: formatAge(now - ended), status: cycle.status, statusClass: `status-${cycle.status}` };
}

/**
 * The banner: every labelled row simulated (or nothing labelled and the data simulated) says so plainly; a mix
 * counts the simulated results and series, each marked SIM on its row.
 */
function simulatedText(inputs: DashboardInputs): string {
  const labels = [
    ...(inputs.summary?.rows ?? []).map((row) => row.simulated ?? inputs.summary?.simulated ?? false),
    ...inputs.statusRows.flatMap((row) => (row.simulated === undefined ? [] : [row.simulated])),
  ];
  const simulated = labels.filter(Boolean).length;
  if (labels.length === 0 ? !inputs.simulated : simulated === 0) return '';
  if (labels.length === 0 || simulated === labels.length) return 'SIMULATED DATA — candles come from the built-in simulator, not a real exchange';
  const results = (inputs.summary?.rows ?? []).filter((row) => row.simulated ?? inputs.summary?.simulated).length;
  const series = inputs.statusRows.filter((row) => row.simulated === true).length;
  return `SIMULATED DATA in ${results} result(s) and ${series} series, marked SIM; the rest is real market data`;
}

export function buildHeaderView(inputs: DashboardInputs): HeaderView {
  const counts = new Map<string, number>(STATE_ORDER.map((state) => [state, 0]));
  for (const row of inputs.statusRows) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
  const banner = simulatedText(inputs);
  return {
    exchange: inputs.exchange,
    riskMode: inputs.riskMode,
    simulated: banner !== '',
    simulatedText: banner,
    generatedAt: formatTimestamp(inputs.generatedAt),
    lastCycle: lastCycleView(inputs.cycles.at(-1), inputs.generatedAt),
    stateCounts: STATE_ORDER.map((state) => ({ state, count: String(counts.get(state) ?? 0), stateClass: `state-${state.toLowerCase()}` })),
    links: SECTION_LINKS,
  };
}

/** Pair x timeframe grid in the order pairs first appear in the status rows; columns follow tfList. */
export function buildWatchlistView(inputs: DashboardInputs): WatchlistView {
  const tfs = inputs.tfList.length > 0 ? [...inputs.tfList] : [...new Set(inputs.statusRows.map((row) => row.tf))];
  const byPair = new Map<string, Map<string, DashboardInputs['statusRows'][number]>>();
  for (const row of inputs.statusRows) {
    if (!byPair.has(row.pair)) byPair.set(row.pair, new Map());
    byPair.get(row.pair)!.set(row.tf, row);
  }
  const rows = [...byPair].map(([pair, cellsByTf]) => ({
    pair,
    cells: tfs.map((tf): WatchlistCellView => {
      const row = cellsByTf.get(tf);
      if (!row) return { tf, state: '—', stateClass: 'state-none', age: '', strategy: '', expires: '', simulated: false };
      return {
        tf,
        state: row.state,
        stateClass: `state-${row.state.toLowerCase()}`,
        age: formatAge(row.age_ms),
        strategy: row.strategy ?? '',
        expires: row.expires_at ? formatExpiry(Date.parse(row.expires_at), inputs.generatedAt) : '',
        simulated: row.simulated === true,
      };
    }),
  }));
  return rows.length > 0 ? { tfs, rows } : { tfs, rows, hint: 'No watchlist yet: run scalp watchlist then scalp backfill.' };
}

function activeRow(entry: ActiveStrategy, now: number, charts: ReadonlyMap<string, ForwardEntry>): ActiveRowView {
  const expiresAt = Date.parse(entry.expires_at);
  const key = `${entry.pair}|${entry.tf}|${entry.strategy}|${entry.promoted_at}`;
  return {
    pair: entry.pair,
    tf: entry.tf,
    strategy: entry.strategy,
    params: formatParams(entry.params),
    grade: entry.grade,
    score: formatNumber(entry.score, 0),
    sharpe: formatNumber(entry.metrics.sharpe),
    mdd: formatPercent(entry.metrics.mdd),
    expiresIn: formatExpiry(expiresAt, now),
    expired: !(expiresAt > now),
    forward: forwardBadge(charts.get(key), entry.forward?.verdict, entry.forward?.reasons ?? []),
  };
}

export function buildActiveView(inputs: DashboardInputs): ActiveView {
  const charts = new Map((inputs.forward?.entries ?? []).map((entry) => [entry.promotion, entry]));
  const rows = inputs.activeSet.map((entry) => activeRow(entry, inputs.generatedAt, charts));
  const demoted = demotionViews(inputs.demotions ?? [], inputs.generatedAt);
  return rows.length > 0 ? { rows, demoted } : { rows, demoted, hint: 'No active strategies: run scalp promote after a backtest.' };
}
