/**
 * Stability of the promoted combo: each numeric grid parameter scaled by the configured factors (+-10%, +-20%),
 * the combo and its neighbours run (fixed params) on every OOS window, and the neighbours' annualised Sharpe
 * compared with the combo's (see stability-score.ts). A property of the combo, not a choice: nothing is selected.
 */
import type { BacktestConfig } from '../config/backtest-config.js';
import { getStrategy } from '../strategies/index.js';
import { runStitched, type RunParams, type StitchedRunInput } from './stitched-run.js';
import type { ParameterGrid } from './parameter-grid.js';
import { perturbationPlan, stabilityScore, type StabilityResult } from './stability-score.js';

export interface StabilityCheck extends StabilityResult {
  /** Annualised Sharpe of the combo itself on the OOS windows. */
  sharpe: number;
  neighbours: { param: string; factor: number; sharpe: number }[];
}

/** The windows to run on (the same params on every range). */
export type FixedParamsInput = Omit<StitchedRunInput, 'params'>;

const runFixed = (input: FixedParamsInput, params: RunParams) => runStitched({ ...input, params: input.ranges.map(() => params) });

/** Numeric grid parameters, and those of them whose grid values are all integers. */
function numericKeys(grid: ParameterGrid, params: RunParams): { keys: string[]; integerKeys: string[] } {
  const keys = Object.keys(grid).filter((key) => grid[key].length > 1 && grid[key].every((value) => typeof value === 'number') && typeof params[key] === 'number');
  const integerKeys = keys.filter((key) => grid[key].every((value) => Number.isInteger(value)));
  return { keys, integerKeys };
}

/** Runs `params` and its perturbed neighbours (those the strategy accepts) on the ranges and scores the drop. */
export function checkStability(input: FixedParamsInput, params: RunParams, grid: ParameterGrid, config: BacktestConfig['stability']): StabilityCheck {
  const { keys, integerKeys } = numericKeys(grid, params);
  const schema = getStrategy(input.strategyId).paramsSchema;
  const neighbours: StabilityCheck['neighbours'] = [];
  for (const neighbour of perturbationPlan(params, keys, config.factors, { integerKeys })) {
    if (!schema.safeParse(neighbour.params).success) continue;
    const run = runFixed(input, neighbour.params);
    neighbours.push({ param: neighbour.param, factor: neighbour.factor, sharpe: run.aggregate.sharpe });
  }
  const baseSharpe = runFixed(input, params).aggregate.sharpe;
  const base = Number.isFinite(baseSharpe) ? baseSharpe : 0;
  const result = stabilityScore(
    base,
    neighbours.map(({ param, factor, sharpe }) => ({ param, factor, metric: sharpe })),
    { cliffThreshold: config.cliff_drop },
  );
  return { ...result, sharpe: base, neighbours };
}
