/**
 * One candle series on the worker pool: its candles shared once, and every indicator its plans read computed
 * once for the whole pool (each worker fills a share of the distinct indicators into shared memory, then every
 * worker reads all of them). The research step of `scalp backtest` and `sweep()` both evaluate through a
 * session, so they share the pool's fast path.
 */
import type { Candles } from '../core/index.js';
import type { IndicatorRequest, SharedIndicator } from '../indicators/index.js';
import type { CandidateEvidence, Combo, ComboSummary, ResearchCandidateInput, SweepRow, WalkForwardChoice, WalkForwardWindow } from '../research/index.js';
import type { ExecutionOptions, StrategySource } from '../strategies/index.js';
import type { BacktestPool } from './backtest-pool.js';
import { indicatorRequests, type PlanSpec } from './indicator-requests.js';
import { shareCandles, type SharedCandlesRef } from './shared-candles.js';

export interface SeriesSession {
  readonly candles: Candles;
  readonly ref: SharedCandlesRef;
  /** The shared indicators the plans of `combos` read, computed on the pool the first time any batch asks. */
  indicatorsFor(spec: PlanSpec, combos: readonly Combo[]): Promise<SharedIndicator[]>;
  /** Research: a batch of combos on the walk-forward windows (IS score-only, OOS diagnostic). */
  evaluate(job: ResearchCandidateInput, windows: WalkForwardWindow[], combos: Combo[]): Promise<ComboSummary[]>;
  /** Research: record and statistics of a candidate whose windows chose. */
  finish(job: ResearchCandidateInput, choice: WalkForwardChoice): Promise<CandidateEvidence>;
  /** A sweep batch: every combo over all the candles. */
  sweep(spec: PlanSpec & { source?: StrategySource }, combos: Combo[], execution: ExecutionOptions): Promise<SweepRow[]>;
  /**
   * Lets go of the shared indicators only this strategy's plans read (those another open strategy reads stay),
   * once its candidate is finished: a strategy asking for one later has it computed again.
   */
  release(strategyId: string): void;
}

/** Opens a session for `candles` on `pool` (sharing the candles unless `ref` already holds them). */
export function openSeries(pool: BacktestPool, candles: Candles, ref: SharedCandlesRef = shareCandles(candles)): SeriesSession {
  // Per indicator key: its shared copy, or null when the fill failed (workers then compute it themselves).
  const filled = new Map<string, Promise<SharedIndicator | null>>();
  // Per strategy: the indicator keys its batches read (a candidate's finish reads the same ones).
  const byStrategy = new Map<string, Set<string>>();

  function fill(requests: IndicatorRequest[]): void {
    const shares = Array.from({ length: Math.max(1, pool.workers) }, (): IndicatorRequest[] => []);
    requests.forEach((request, i) => shares[i % shares.length].push(request));
    for (const share of shares) {
      if (share.length === 0) continue;
      const done = pool.indicators(ref, share).catch(() => [] as SharedIndicator[]);
      for (const request of share) filled.set(request.key, done.then((list) => list.find((shared) => shared.request.key === request.key) ?? null));
    }
  }

  async function resolved(keys: Iterable<string>): Promise<SharedIndicator[]> {
    const all = await Promise.all([...keys].map((key) => filled.get(key) ?? Promise.resolve(null)));
    return all.filter((shared): shared is SharedIndicator => shared !== null);
  }

  async function indicatorsFor(spec: PlanSpec, combos: readonly Combo[]): Promise<SharedIndicator[]> {
    const requests = indicatorRequests(candles, spec, combos);
    fill(requests.filter((request) => !filled.has(request.key)));
    let keys = byStrategy.get(spec.strategyId);
    if (keys === undefined) byStrategy.set(spec.strategyId, (keys = new Set()));
    for (const request of requests) keys.add(request.key);
    return resolved(requests.map((request) => request.key));
  }

  return {
    candles,
    ref,
    indicatorsFor,
    async evaluate(job, windows, combos) {
      const indicators = await indicatorsFor({ strategyId: job.strategyId, defaults: job.defaults, timeframe: job.tf }, combos);
      return pool.evaluate(ref, job, windows, combos, indicators);
    },
    async finish(job, choice) {
      return pool.finish(ref, job, choice, await resolved(byStrategy.get(job.strategyId) ?? []));
    },
    async sweep(spec, combos, execution) {
      const indicators = await indicatorsFor(spec, combos);
      return pool.sweep({ candles: ref, strategyId: spec.strategyId, source: spec.source, timeframe: spec.timeframe, defaults: spec.defaults, combos, execution, indicators });
    },
    release(strategyId) {
      const keys = byStrategy.get(strategyId);
      byStrategy.delete(strategyId);
      const stillRead = new Set([...byStrategy.values()].flatMap((open) => [...open]));
      for (const key of keys ?? []) if (!stillRead.has(key)) filled.delete(key);
    },
  };
}
