import { sliceCandles, type Candles, type Timeframe } from '../core/index.js';
import { IndicatorCache, type IndicatorRequest } from '../indicators/index.js';
import { planStrategy, releasePlan, type StrategyParams } from '../strategies/index.js';
import type { Combo } from '../research/index.js';

/** Bars a dry run plans on: enough for every plan to ask for its indicators, few enough to cost nothing. */
const DRY_RUN_BARS = 256;

/** What identifies the plans of a batch besides its combos. */
export interface PlanSpec {
  strategyId: string;
  /** Base params under every combo. */
  defaults?: StrategyParams;
  timeframe?: Timeframe;
}

/**
 * The distinct (indicator, params) the plans of `combos` read from their cache, found by planning each combo
 * on the first bars of `candles` (a plan asks for the same indicators whatever the candles' length). A combo whose
 * plan fails is skipped: its worker computes what it needs itself, as any request the dry run did not see.
 */
export function indicatorRequests(candles: Candles, spec: PlanSpec, combos: readonly Combo[]): IndicatorRequest[] {
  const sample = sliceCandles(candles, 0, Math.min(candles.close.length, DRY_RUN_BARS));
  const cache = new IndicatorCache(sample);
  for (const combo of combos) {
    try {
      releasePlan(planStrategy(sample, spec.strategyId, { ...spec.defaults, ...combo }, { cache, timeframe: spec.timeframe }));
    } catch {
      // Invalid params or a plan that needs more bars: nothing to learn from it.
    }
  }
  return cache.requests();
}
