/**
 * Cost stress: the walk-forward record re-run with fees and slippage scaled up (same choices, same windows). An
 * edge that vanishes when fees are a third higher or slippage doubles is not an edge a scalper can trade.
 */
import type { BacktestConfig } from '../config/backtest-config.js';
import type { CostOptions } from '../engine/index.js';
import { runStitched, type StitchedRunInput } from './stitched-run.js';

export interface CostStressScenario {
  label: string;
  net_return: number;
  /** Annualised Sharpe of the chained OOS equity under the stressed costs. */
  sharpe: number;
}

export interface CostStressResult {
  scenarios: CostStressScenario[];
  /**
   * Share of the base OOS return kept under the harshest scenario, clamped to [0, 1]: min(stressed) / base.
   * 0 when the base return is not positive; null without any scenario.
   */
  keptShare: number | null;
}

function scaled(fees: CostOptions | undefined, feeFactor: number, slippageFactor: number): CostOptions {
  return {
    ...fees,
    maker: (fees?.maker ?? 0) * feeFactor,
    taker: (fees?.taker ?? 0) * feeFactor,
    slippage: (fees?.slippage ?? 0) * slippageFactor,
  };
}

/** Runs the fee and slippage multipliers of `config` one at a time; `baseReturn` is the unstressed chained OOS return. */
export function costStress(input: StitchedRunInput, baseReturn: number, config: BacktestConfig['cost_stress']): CostStressResult {
  const variants = [
    ...config.fee_multipliers.map((factor) => ({ label: `fees x${factor}`, fees: scaled(input.execution.fees, factor, 1) })),
    ...config.slippage_multipliers.map((factor) => ({ label: `slippage x${factor}`, fees: scaled(input.execution.fees, 1, factor) })),
  ];
  const scenarios = variants.map(({ label, fees }) => {
    const run = runStitched({ ...input, execution: { ...input.execution, fees } });
    return { label, net_return: run.aggregate.netReturn, sharpe: run.aggregate.sharpe };
  });
  if (scenarios.length === 0) return { scenarios, keptShare: null };
  const worst = Math.min(...scenarios.map((scenario) => scenario.net_return));
  const keptShare = baseReturn > 0 ? Math.min(1, Math.max(0, worst / baseReturn)) : 0;
  return { scenarios, keptShare };
}
