import type { CycleLogLine } from '../config/cycle-log.js';
import type { LoggedStrategy, PromotionLogLine } from '../promote/promotion-log.js';
import { formatDuration, formatNumber, formatTimestamp } from './_format.js';

export interface PromotionItemView {
  readonly kind: 'added' | 'replaced' | 'expired' | 'rejected';
  readonly text: string;
  readonly reasons: readonly string[];
}

export interface PromotionView {
  readonly at: string;
  readonly runId: string;
  readonly riskMode: string;
  readonly summary: string;
  readonly items: readonly PromotionItemView[];
}

export interface CycleView {
  readonly id: string;
  readonly started: string;
  readonly duration: string;
  readonly status: string;
  readonly statusClass: string;
  readonly steps: string;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

export interface ActivityView {
  readonly promotions: readonly PromotionView[];
  readonly promotionsHint?: string;
  readonly cycles: readonly CycleView[];
  readonly cyclesHint?: string;
}

function label(entry: Partial<LoggedStrategy> | undefined): string {
  if (!entry) return '?';
  const grade = entry.grade ? ` ${entry.grade}` : '';
  const score = typeof entry.score === 'number' ? ` (${formatNumber(entry.score, 0)})` : '';
  return `${entry.pair ?? '?'} ${entry.tf ?? '?'} ${entry.strategy ?? '?'}${grade}${score}`;
}

function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

/** Log lines are parsed leniently upstream: every field is checked before use. */
function promotionView(line: PromotionLogLine): PromotionView {
  const added = list(line.added).map((entry): PromotionItemView => ({ kind: 'added', text: label(entry), reasons: [] }));
  const replaced = list(line.replaced).map((entry): PromotionItemView => ({
    kind: 'replaced',
    text: `${label(entry?.from)} → ${label(entry?.to)}`,
    reasons: [],
  }));
  const expired = list(line.expired).map((entry): PromotionItemView => ({ kind: 'expired', text: label(entry), reasons: [] }));
  const rejected = list(line.rejected).map((entry): PromotionItemView => ({
    kind: 'rejected',
    text: label(entry),
    reasons: list(entry?.reasons).map(String),
  }));
  const kept = list(line.kept).length;
  return {
    at: formatTimestamp(Date.parse(String(line.at))),
    runId: String(line.run_id ?? '—'),
    riskMode: String(line.risk_mode ?? '—'),
    summary: `${added.length} added · ${replaced.length} replaced · ${expired.length} expired · ${kept} kept · ${rejected.length} rejected`,
    items: [...added, ...replaced, ...expired, ...rejected],
  };
}

function cycleView(cycle: CycleLogLine): CycleView {
  const started = Date.parse(cycle.started_at);
  const stepErrors = cycle.steps.flatMap((step) => step.errors.map((error) => `${step.name}: ${error}`));
  return {
    id: cycle.cycle_id,
    started: formatTimestamp(started),
    duration: formatDuration(Date.parse(cycle.ended_at) - started),
    status: cycle.status,
    statusClass: `status-${cycle.status}`,
    steps: cycle.steps.map((step) => `${step.name} ${step.status}`).join(' · '),
    errors: [...new Set([...cycle.errors, ...stepErrors])],
    warnings: [...new Set(cycle.steps.flatMap((step) => step.warnings.map((warning) => `${step.name}: ${warning}`)))],
  };
}

/** Promotion log and cycle log, newest first. */
export function buildActivityView(promotions: readonly PromotionLogLine[], cycles: readonly CycleLogLine[]): ActivityView {
  const promotionViews = [...promotions].reverse().map(promotionView);
  const cycleViews = [...cycles].reverse().map(cycleView);
  return {
    promotions: promotionViews,
    ...(promotionViews.length === 0 ? { promotionsHint: 'No promotion yet: run scalp promote after a backtest.' } : {}),
    cycles: cycleViews,
    ...(cycleViews.length === 0 ? { cyclesHint: 'No cycle logged yet: scalp run logs one line per cycle.' } : {}),
  };
}
