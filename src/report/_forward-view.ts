/**
 * The forward test on the dashboard: per active strategy its verdict badge and a small chart of the forward equity
 * inside the cone the backtest promised (1 + mu t +- 1.645 sigma sqrt(t) after t bars: the 90% band of a record
 * that keeps its promise, additive returns), as SVG path data; and the recent demotions with their reasons.
 */
import type { DemotionLogLine } from '../config/demotion-log.js';
import type { ForwardEntry } from '../config/forward-file.js';
import { formatPercent, formatTimestamp } from './_format.js';

const WIDTH = 120;
const HEIGHT = 40;
const Z_90 = 1.6448536269514722;

export interface ForwardChartView {
  /** SVG path data in a 120 x 40 box: the promised band (closed) and the forward equity line. */
  readonly cone: string;
  readonly equity: string;
  readonly label: string;
}

export interface ForwardBadgeView {
  readonly verdict: string;
  readonly tone: string;
  readonly reasons: string;
  readonly chart?: ForwardChartView;
}

const TONES: Record<string, string> = { keep: 'good', wait: 'muted', stale: 'warn', unjudged: 'muted', demote: 'bad' };

function scaler(bars: number, low: number, high: number) {
  const span = high - low || 1;
  return {
    x: (bar: number) => ((bar / Math.max(1, bars)) * WIDTH).toFixed(1),
    y: (value: number) => (HEIGHT - ((value - low) / span) * HEIGHT).toFixed(1),
  };
}

/** The cone of `promise` over `bars` bars and the equity path, both scaled to the same box. */
export function forwardChart(entry: ForwardEntry): ForwardChartView | undefined {
  if (entry.bars.length < 2) return undefined;
  const bars = entry.bars[entry.bars.length - 1];
  const promise = entry.promise;
  const band = (sign: number) => entry.bars.map((t) => (promise ? 1 + promise.mean_return * t + sign * Z_90 * promise.std_return * Math.sqrt(t) : 1));
  const upper = band(1);
  const lower = band(-1);
  const values = [...entry.equity, ...upper, ...lower];
  const { x, y } = scaler(bars, Math.min(...values), Math.max(...values));
  const line = (series: readonly number[]) => series.map((value, i) => `${i === 0 ? 'M' : 'L'}${x(entry.bars[i])} ${y(value)}`).join(' ');
  const cone = promise ? `${line(upper)} ${[...lower].reverse().map((value, i) => `L${x(entry.bars[entry.bars.length - 1 - i])} ${y(value)}`).join(' ')} Z` : '';
  const last = entry.equity[entry.equity.length - 1];
  return { cone, equity: line(entry.equity), label: `forward ${formatPercent(last - 1, 2, true)} over ${bars} bars${promise ? ' inside a 90% promise cone' : ''}` };
}

/** The badge of an active strategy: its forward verdict (or "not yet" before its first forward step). */
export function forwardBadge(entry: ForwardEntry | undefined, verdict: string | undefined, reasons: readonly string[]): ForwardBadgeView {
  const name = verdict ?? 'not yet';
  const chart = entry ? forwardChart(entry) : undefined;
  return { verdict: name, tone: TONES[name] ?? 'muted', reasons: reasons.join('; '), ...(chart ? { chart } : {}) };
}

export interface DemotionView {
  readonly pair: string;
  readonly tf: string;
  readonly strategy: string;
  readonly at: string;
  readonly forward: string;
  readonly reasons: string;
}

/** The demotions of the last week, newest first. */
export function demotionViews(lines: readonly DemotionLogLine[], now: number): DemotionView[] {
  return lines
    .filter((line) => now - Date.parse(line.at) <= 7 * 86_400_000)
    .reverse()
    .map((line) => ({
      pair: line.pair, tf: line.tf, strategy: line.strategy, at: formatTimestamp(Date.parse(line.at)),
      forward: `${formatPercent(line.forward.net_return, 2, true)} in ${line.forward.bars} bars`, reasons: line.reasons.join('; '),
    }));
}
