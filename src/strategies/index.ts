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
  type StrategyGrid,
  type StrategyParams,
  type StrategyParamValue,
  type StrategyPlan,
  type StrategySide,
  type StrategySource,
} from './strategy.js';
export {
  STRATEGIES,
  STRATEGY_IDS,
  addUserStrategy,
  ensureStrategiesLoaded,
  getStrategy,
  isStrategyId,
  listStrategies,
  registerUserStrategies,
  type StrategyId,
} from './registry.js';
export { defaultParams, parseStrategyParams } from './strategy-params.js';
export { evaluatePlan, runPlan, scorePlan, type BarRange, type ExecutionOptions, type PlanEvaluation, type PlanScore } from './evaluate-plan.js';
export { planStrategy, runStrategy, type RunStrategyOptions } from './run-strategy.js';
export { releasePlan } from './release-plan.js';
export { higherTimeframeDirection, inferBarMs } from './higher-timeframe-direction.js';
export { upperEnvelope } from './envelope-dca-short.js';
export { validateEntries, type ValidateEntriesOptions, type ValidatedEntry } from './validate-entries.js';
export {
  defineUserStrategy,
  RISK_PARAMS,
  USER_SIGNAL_NAMES,
  type UserParamValue,
  type UserSignalArray,
  type UserSignalName,
  type UserSignals,
  type UserStrategy,
  type UserStrategyContext,
  type UserStrategyParam,
} from './user-strategy.js';
export { userStrategyDefinition } from './user-definition.js';
export { discoverUserStrategies, loadStrategyFile, loadUserStrategy, probeStrategy, type DiscoveredStrategies, type UserModuleProblem } from './user-strategies.js';
export {
  checkLookahead,
  gateParamSets,
  warmupSettleBars,
  type GateSample,
  type LookaheadRefusal,
  type LookaheadTest,
  type LookaheadVerdict,
} from './lookahead-gate.js';
export { syntheticSample } from './synthetic-sample.js';
