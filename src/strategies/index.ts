/** The strategy library: the contract, one definition per strategy, the registry, entries validation and runners. */
export {
  defineStrategy,
  type GridPlan,
  type GridRiskOptions,
  type MonoPlan,
  type MonoRiskOptions,
  type StrategyContext,
  type StrategyDefinition,
  type StrategyFamily,
  type StrategyParams,
  type StrategyParamValue,
  type StrategyPlan,
  type StrategySide,
} from './strategy.js';
export { STRATEGIES, STRATEGY_IDS, getStrategy, isStrategyId, type StrategyId } from './registry.js';
export { defaultParams, parseStrategyParams } from './strategy-params.js';
export { evaluatePlan, runPlan, scorePlan, type BarRange, type ExecutionOptions, type PlanEvaluation, type PlanScore } from './evaluate-plan.js';
export { planStrategy, runStrategy, type RunStrategyOptions } from './run-strategy.js';
export { releasePlan } from './release-plan.js';
export { higherTimeframeDirection, inferBarMs } from './higher-timeframe-direction.js';
export { upperEnvelope } from './envelope-dca-short.js';
export { validateEntries, type ValidatedEntry } from './validate-entries.js';
