import { TIMEFRAMES } from '../core/timeframe.js';
import type { ActiveStrategy, Candidate } from '../config/strategies-file.js';
import type { RiskRules } from '../config/risk-modes.js';
import { checkCandidate, type RuleFailure } from './risk-rules.js';

export interface MergeInput {
  active: readonly ActiveStrategy[];
  candidates: readonly Candidate[];
  rules: RiskRules;
  riskMode: string;
  now: Date;
}

export interface ActiveSetDiff {
  added: ActiveStrategy[];
  /** One entry per displaced active strategy (several when a hand edit left two for one pair and timeframe). */
  replaced: { from: ActiveStrategy; to: ActiveStrategy }[];
  expired: ActiveStrategy[];
  kept: ActiveStrategy[];
}

export interface RejectedCandidate {
  candidate: Candidate;
  failures: RuleFailure[];
}

/** A candidate that passed the rules but was not promoted, and why. */
export interface OutrankedCandidate {
  candidate: Candidate;
  reason: string;
}

export interface MergeResult {
  next: ActiveStrategy[];
  diff: ActiveSetDiff;
  rejected: RejectedCandidate[];
  outranked: OutrankedCandidate[];
}

const HOUR_MS = 3_600_000;

/** Hours a promotion of this timeframe stays active: `expiry_hours[tf]`, else `default_expiry_hours`. */
export function expiryHours(rules: RiskRules, tf: ActiveStrategy['tf']): number {
  return rules.expiry_hours[tf] ?? rules.default_expiry_hours;
}

const slotKey = (entry: { pair: string; tf: string }): string => `${entry.pair}\u0000${entry.tf}`;

/** Stable order of the active set: pair (alphabetical), then timeframe (shortest first), then strategy. */
export function compareSlots(a: ActiveStrategy | Candidate, b: ActiveStrategy | Candidate): number {
  if (a.pair !== b.pair) return a.pair < b.pair ? -1 : 1;
  const tfOrder = TIMEFRAMES.indexOf(a.tf) - TIMEFRAMES.indexOf(b.tf);
  if (tfOrder !== 0) return tfOrder;
  return a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0;
}

/** Better first: higher score, then higher OOS Sharpe, then strategy id (so the choice never depends on file order). */
function compareMerit(a: Candidate, b: Candidate): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.metrics.sharpe !== b.metrics.sharpe) return b.metrics.sharpe - a.metrics.sharpe;
  return a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0;
}

/** Same strategy with the same parameter values (key order ignored). */
export function sameCombo(a: Candidate, b: Candidate): boolean {
  if (a.strategy !== b.strategy) return false;
  const keys = Object.keys(a.params);
  return keys.length === Object.keys(b.params).length && keys.every((key) => Object.is(a.params[key], b.params[key]));
}

function promoteEntry(candidate: Candidate, input: MergeInput): ActiveStrategy {
  const expiresAt = new Date(input.now.getTime() + expiryHours(input.rules, candidate.tf) * HOUR_MS);
  return {
    ...candidate,
    promoted_at: input.now.toISOString(),
    expires_at: expiresAt.toISOString(),
    risk_mode: input.riskMode,
  };
}

/**
 * Merges the candidates of a backtest run into the active set. Pure: no clock, no disk.
 *
 * Rule, per (pair, tf) slot:
 * 1. Active entries with `expires_at <= now` are dropped (`expired`).
 * 2. Candidates failing the risk mode are `rejected` with every failed rule. Among the passing ones, the best
 *    of the slot is chosen: highest score, then highest Sharpe, then strategy id; the others are `outranked`.
 * 3. With no live active entry, the best candidate is `added`.
 * 4. Otherwise it `replaced` the active entry when (a) its score is strictly higher, or (b) it is the same
 *    strategy with the same params measured by a different run (`source_run` differs): a fresh measurement of the
 *    combo already trusted wins even with a lower score, and its expiry is renewed. An equal score never churns.
 *    When neither holds, the active entry is `kept` (untouched) and the candidate is `outranked`.
 * Every promoted entry gets `promoted_at = now`, `expires_at = now + expiry_hours[tf]` (or the default),
 * the candidate's `source_run`, and `risk_mode`. `next` is sorted by pair, timeframe, strategy.
 */
export function mergeActiveSet(input: MergeInput): MergeResult {
  const nowMs = input.now.getTime();
  const diff: ActiveSetDiff = { added: [], replaced: [], expired: [], kept: [] };
  const rejected: RejectedCandidate[] = [];
  const outranked: OutrankedCandidate[] = [];

  const liveBySlot = new Map<string, ActiveStrategy[]>();
  for (const entry of input.active) {
    if (Date.parse(entry.expires_at) <= nowMs) {
      diff.expired.push(entry);
      continue;
    }
    const slot = liveBySlot.get(slotKey(entry));
    if (slot) slot.push(entry);
    else liveBySlot.set(slotKey(entry), [entry]);
  }

  const passingBySlot = new Map<string, Candidate[]>();
  for (const candidate of input.candidates) {
    const check = checkCandidate(candidate, input.rules, input.riskMode);
    if (!check.passed) {
      rejected.push({ candidate, failures: check.failures });
      continue;
    }
    const slot = passingBySlot.get(slotKey(candidate));
    if (slot) slot.push(candidate);
    else passingBySlot.set(slotKey(candidate), [candidate]);
  }

  for (const [key, passing] of passingBySlot) {
    const [best, ...others] = [...passing].sort(compareMerit);
    for (const other of others) {
      outranked.push({ candidate: other, reason: `${best.strategy} scored better for ${best.pair} ${best.tf}` });
    }
    const incumbents = liveBySlot.get(key);
    if (!incumbents) {
      diff.added.push(promoteEntry(best, input));
      continue;
    }
    liveBySlot.delete(key);
    const leader = [...incumbents].sort(compareMerit)[0];
    const refresh = sameCombo(best, leader) && best.source_run !== leader.source_run;
    if (best.score > leader.score || refresh) {
      const to = promoteEntry(best, input);
      for (const from of incumbents) diff.replaced.push({ from, to });
    } else {
      diff.kept.push(...incumbents);
      const reason = sameCombo(best, leader) ? 'already active from the same run' : `active ${leader.strategy} scores ${leader.score} >= ${best.score}`;
      outranked.push({ candidate: best, reason });
    }
  }
  for (const incumbents of liveBySlot.values()) diff.kept.push(...incumbents);

  const promoted = [...diff.added, ...new Set(diff.replaced.map((change) => change.to))];
  const next = [...promoted, ...diff.kept].sort(compareSlots);
  for (const list of [diff.added, diff.expired, diff.kept]) list.sort(compareSlots);
  diff.replaced.sort((a, b) => compareSlots(a.to, b.to));
  rejected.sort((a, b) => compareSlots(a.candidate, b.candidate));
  outranked.sort((a, b) => compareSlots(a.candidate, b.candidate));
  return { next, diff, rejected, outranked };
}
