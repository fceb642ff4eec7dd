/**
 * Stability of the best combo: each numeric grid parameter scaled by the configured factors (+-10%, +-20%), the
 * OOS windows re-run, and the annualised OOS Sharpe compared with the best combo's (see stability-score.ts).
 */
import type { BacktestConfig } from '../config/backtest-config.js';
import { getStrategy } from '../strategies/index.js';
import { runOutOfSample, type OutOfSampleInput } from './out-of-sample-run.js';
import type { ParameterGrid } from './parameter-grid.js';
import { perturbationPlan, stabilityScore, type StabilityResult } from './stability-score.js';

export interface StabilityCheck extends StabilityResult {
  neighbours: { param: string; factor: number; sharpe: number }[];
}

/** Numeric grid parameters, and those of them whose grid values are all integers. */
function numericKeys(grid: ParameterGrid, params: OutOfSampleInput['params']): { keys: string[]; integerKeys: string[] } {
  const keys = Object.keys(grid).filter((key) => grid[key].length > 1 && grid[key].every((value) => typeof value === 'number') && typeof params[key] === 'number');
  const integerKeys = keys.filter((key) => grid[key].every((value) => Number.isInteger(value)));
  return { keys, integerKeys };
}

/** Re-runs the perturbed neighbours of `input.params` (those the strategy accepts) and scores the drop. */
export function checkStability(
  input: OutOfSampleInput,
  baseSharpe: number,
  grid: ParameterGrid,
  config: BacktestConfig['stability'],
): StabilityCheck {
  const { keys, integerKeys } = numericKeys(grid, input.params);
  const schema = getStrategy(input.strategyId).paramsSchema;
  const neighbours: StabilityCheck['neighbours'] = [];
  for (const neighbour of perturbationPlan(input.params, keys, config.factors, { integerKeys })) {
    if (!schema.safeParse(neighbour.params).success) continue;
    const run = runOutOfSample({ ...input, params: neighbour.params });
    neighbours.push({ param: neighbour.param, factor: neighbour.factor, sharpe: run.aggregate.sharpe });
  }
  const base = Number.isFinite(baseSharpe) ? baseSharpe : 0;
  const result = stabilityScore(
    base,
    neighbours.map(({ param, factor, sharpe }) => ({ param, factor, metric: sharpe })),
    { cliffThreshold: config.cliff_drop },
  );
  return { ...result, neighbours };
}
