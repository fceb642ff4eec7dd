/** Assembles the file-contract objects of one researched candidate: summary row, detail, candidate, combo rows. */
import { pairDirName, type Candles } from '../core/index.js';
import type { ResultDetail } from '../config/result-detail-file.js';
import type { Candidate } from '../config/strategies-file.js';
import type { ReproStamp, SampleMetrics, SummaryRow } from '../config/summary-file.js';
import type { Metrics } from '../engine/index.js';
import type { CostStressResult } from './cost-stress.js';
import { median, type ComboSummary } from './evaluate-combos.js';
import type { GradedCandidate } from './grade-candidate.js';
import type { MonteCarloResult } from './monte-carlo.js';
import type { OutOfSampleRun } from './out-of-sample-run.js';
import { classifyRegime } from './regimes.js';
import type { CandidateResearch, ComboRow, ResearchCandidateInput, SearchOutcome } from './candidate-research.js';
import type { StabilityCheck } from './stability-check.js';

const MAX_EQUITY_POINTS = 600;
const CAP = 999;

/** A JSON-safe number: NaN -> 0, +-Infinity -> +-999 (profit factor without a loss...). */
export function finite(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.max(-CAP, Math.min(CAP, value));
}
const finiteOrNull = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : value);

/** `BTCUSDT-5m-bollinger_mr`: safe as a file name under reports/details/. */
export function resultId(pair: string, tf: string, strategyId: string): string {
  return `${pairDirName(pair)}-${tf}-${strategyId}`;
}

function sample(metrics: Metrics): SampleMetrics {
  return {
    sharpe: finite(metrics.sharpe), net_return: finite(metrics.netReturn), trades: metrics.trades,
    pf: finite(metrics.profitFactor), mdd: finite(metrics.maxDrawdown), win_rate: metrics.winRate,
  };
}

/** Median of each IS metric over the (overlapping) IS windows. */
function inSampleMedians(windows: readonly Metrics[]): SampleMetrics {
  const of = (pick: (m: Metrics) => number) => finite(median(windows.map(pick)));
  return {
    sharpe: of((m) => m.sharpe), net_return: of((m) => m.netReturn), trades: Math.round(of((m) => m.trades)),
    pf: of((m) => m.profitFactor), mdd: of((m) => m.maxDrawdown), win_rate: of((m) => m.winRate),
  };
}

function downsample(time: Float64Array, values: Float64Array): { t: number[]; v: number[] } {
  const n = values.length;
  const stride = Math.max(1, Math.ceil(n / MAX_EQUITY_POINTS));
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < n; i += stride) {
    const at = Math.min(n - 1, i + stride - 1);
    t.push(time[at]);
    v.push(values[at]);
  }
  return { t, v };
}

export function comboRow(combo: ComboSummary): ComboRow {
  const orNull = (value: number) => (Number.isFinite(value) ? value : null);
  return {
    key: combo.key, params: combo.params, is_sharpe: orNull(combo.medianIsSharpe), oos_sharpe: orNull(combo.oosSharpeAnnualised),
    oos_median_sharpe: orNull(combo.medianOosSharpe), oos_return: finite(combo.chainedOosReturn), oos_trades: combo.totalOosTrades,
    consistency: combo.consistency, oos_is_ratio: finiteOrNull(combo.oosIsRatio), combo_score: orNull(combo.comboScore), error: combo.error ?? null,
  };
}

export interface CandidateFilesInput {
  input: ResearchCandidateInput;
  candles: Candles;
  outcome: SearchOutcome;
  best: ComboSummary;
  oos: OutOfSampleRun;
  inSampleWindows: Metrics[];
  monteCarlo: MonteCarloResult;
  dsr: number | null;
  stability: StabilityCheck;
  stress: CostStressResult;
  graded: GradedCandidate;
  warnings: string[];
  stamp: ReproStamp;
  /** Bootstrap p-value adjusted for the number of combos tested (null when underpowered). */
  mcPValue: number | null;
}

function detailOf(parts: CandidateFilesInput, id: string): ResultDetail {
  const { input, candles, outcome, best, oos, monteCarlo, stability, stress } = parts;
  const time = candles.timestamp;
  const windows = outcome.windows.map((w, k) => ({
    index: w.index, is_start: time[w.isStart], is_end: time[w.isEnd - 1], oos_start: time[w.oosStart], oos_end: time[w.oosEnd - 1],
    is_sharpe: finite(best.isSharpe[k]), oos_sharpe: finite(best.oosSharpe[k]), oos_return: finite(best.oosReturn[k]),
    oos_trades: best.oosTrades[k], regime: classifyRegime(candles.close.subarray(w.oosStart, w.oosEnd), input.config.regimes),
  }));
  const regimes = [...new Set(windows.map((w) => w.regime))].map((regime) => {
    const members = windows.filter((w) => w.regime === regime);
    const chained = members.reduce((level, w) => level * (1 + w.oos_return), 1) - 1;
    return { regime, windows: members.length, oos_sharpe: finite(members.reduce((s, w) => s + w.oos_sharpe, 0) / members.length), oos_return: finite(chained) };
  });
  const last = outcome.windows[outcome.windows.length - 1];
  const range = (column: Float64Array) => Array.from(column.subarray(last.oosStart, last.oosEnd));
  return {
    id, pair: input.pair, tf: input.tf, strategy: input.strategyId, params: best.params, param_names: Object.keys(input.grid),
    windows,
    equity: downsample(oos.equityTime, oos.equity),
    combos: outcome.combos.filter((c) => c.error === undefined).map((c) => ({
      params: c.params, is_sharpe: finite(c.medianIsSharpe), oos_sharpe: finite(c.oosSharpeAnnualised), oos_return: finite(c.chainedOosReturn),
      oos_trades: c.totalOosTrades, consistency: c.consistency, combo_score: finite(c.comboScore),
    })),
    monte_carlo: {
      sims: monteCarlo.sims, p_value: parts.mcPValue, underpowered: monteCarlo.underpowered,
      final_return: monteCarlo.finalReturn, max_drawdown: monteCarlo.maxDrawdown,
    },
    /** The Monte Carlo p-value above is adjusted for the combos tested (Sidak); the raw bootstrap value is kept here. */
    selection: { combos_tested: parts.outcome.validCount, mc_raw_p_value: monteCarlo.pValue, search: parts.outcome.search, windows_is_winner: parts.outcome.selections },
    cost_stress: stress.scenarios.map((s) => ({ label: s.label, net_return: finite(s.net_return), sharpe: finite(s.sharpe) })),
    regimes,
    stability: { score: stability.score, cliffs: stability.cliffs, neighbours: stability.neighbours.map((n) => ({ ...n, sharpe: finite(n.sharpe) })) },
    last_window: {
      candles: { t: range(candles.timestamp), o: range(candles.open), h: range(candles.high), l: range(candles.low), c: range(candles.close) },
      trades: oos.lastWindowTrades.map((t) => ({
        side: t.side, entry_time: t.entryTime, exit_time: t.exitTime, entry_price: t.entryPrice, exit_price: t.exitPrice,
        pnl: finite(t.pnl), return: finite(t.return), reason: t.exitReason,
      })),
    },
  };
}

/** The summary row, detail, candidate and combo rows of one researched candidate. */
export function buildCandidateFiles(parts: CandidateFilesInput): CandidateResearch {
  const { input, outcome, best, oos, graded } = parts;
  const id = resultId(input.pair, input.tf, input.strategyId);
  const aggregate = oos.aggregate;
  const oosIsRatio = finiteOrNull(best.oosIsRatio);
  const row: SummaryRow = {
    id, pair: input.pair, tf: input.tf, strategy: input.strategyId, params: best.params,
    grade: graded.report.grade, score: Math.min(100, Math.max(0, graded.report.score)),
    is: inSampleMedians(parts.inSampleWindows), oos: sample(aggregate),
    pf: finite(aggregate.profitFactor), mdd: finite(aggregate.maxDrawdown), sharpe: finite(aggregate.sharpe), sortino: finite(aggregate.sortino),
    win_rate: aggregate.winRate, trades: aggregate.trades, expectancy: finite(aggregate.expectancy), exposure: Math.min(1, aggregate.exposure),
    dsr: parts.dsr, mc_pvalue: parts.mcPValue, consistency: best.consistency, oos_is_ratio: oosIsRatio, stability: parts.stability.score,
    combos_tested: outcome.validCount, windows: outcome.windows.length, breakdown: graded.breakdown, caps: graded.caps,
    stamp: parts.stamp, warnings: parts.warnings, reused: false,
  };
  const candidate: Candidate = {
    pair: input.pair, tf: input.tf, strategy: input.strategyId, params: best.params, grade: row.grade, score: row.score,
    metrics: {
      sharpe: row.sharpe, sortino: row.sortino, pf: row.pf, mdd: row.mdd, win_rate: row.win_rate, trades: row.trades,
      net_return: row.oos.net_return, dsr: row.dsr, mc_pvalue: row.mc_pvalue, consistency: row.consistency,
      oos_is_ratio: row.oos_is_ratio, stability: row.stability,
    },
    source_run: input.runId ?? 'local',
    simulated: input.simulated ?? false,
  };
  return { id, row, detail: detailOf(parts, id), candidate, combos: outcome.combos.map(comboRow) };
}
