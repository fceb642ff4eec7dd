import { recyclePlanArrays } from './_plan-arrays.js';
import type { StrategyPlan } from './strategy.js';

/**
 * Tells the library a plan will not be read again: its signal / level arrays are reused by the next plans of
 * this thread (a grid search then allocates them once instead of once per combo). Do not touch the plan after.
 */
export function releasePlan(plan: StrategyPlan): void {
  recyclePlanArrays(Object.values(plan.family === 'mono' ? plan.signals : plan.levels));
}
