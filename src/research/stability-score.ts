/**
 * Parameter stability: a robust optimum sits on a plateau, so scaling any numeric parameter by +-10% or +-20%
 * should not wreck the result. A sharp peak (a "cliff" next to the best combo) is a classic overfitting sign
 * (Pardo 2008, ch. 11 "robust parameter sets"; Bailey et al. 2017, "The Probability of Backtest Overfitting").
 */
export type ParamValue = number | string | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

export const DEFAULT_PERTURBATION_FACTORS = [0.9, 1.1, 0.8, 1.2] as const;

export interface PerturbedParams {
  /** The parameter that was scaled. */
  param: string;
  factor: number;
  /** The full parameter set with only `param` changed. */
  params: Record<string, ParamValue>;
}

export interface NeighbourMetric {
  param: string;
  factor: number;
  /** The same metric as the base (e.g. OOS Sharpe) measured with the perturbed parameters. */
  metric: number;
}

export interface StabilityResult {
  /** 1 - worst relative drop, clamped to [0, 1]; null when there was no neighbour to test. */
  score: number | null;
  /** Largest relative drop (base - metric) / |base| over the neighbours, 0 when none got worse. */
  worstDrop: number;
  /** Parameters with a perturbation that drops the metric by more than the cliff threshold. */
  cliffs: string[];
  /** Relative drop per neighbour, in input order. */
  drops: { param: string; factor: number; drop: number }[];
}

/**
 * Neighbour parameter sets of `params`: each key of `numericKeys` scaled by each factor, the others kept.
 * Integer parameters (`integerKeys`, or by default those whose base value is an integer) are rounded; a
 * neighbour equal to the base or to an earlier neighbour of the same parameter is skipped. Pass `integerKeys`
 * explicitly for float parameters that happen to hold an integer value (a stop of 2.0).
 */
export function perturbationPlan(
  params: Params,
  numericKeys: readonly string[],
  factors: readonly number[] = DEFAULT_PERTURBATION_FACTORS,
  options: { integerKeys?: readonly string[] } = {},
): PerturbedParams[] {
  const plan: PerturbedParams[] = [];
  for (const key of numericKeys) {
    const base = params[key];
    if (typeof base !== 'number' || !Number.isFinite(base)) {
      throw new RangeError(`perturbationPlan: parameter "${key}" must be a finite number, was ${String(base)}`);
    }
    const integer = options.integerKeys ? options.integerKeys.includes(key) : Number.isInteger(base);
    const seen = new Set<number>([base]);
    for (const factor of factors) {
      if (!(factor > 0)) throw new RangeError(`perturbationPlan: factors must be positive, got ${factor}`);
      const value = integer ? Math.round(base * factor) : base * factor;
      if (seen.has(value)) continue;
      seen.add(value);
      plan.push({ param: key, factor, params: { ...params, [key]: value } });
    }
  }
  return plan;
}

/** Relative drop of `metric` below `base`; a non-finite metric (e.g. no trades) counts as a total drop of 1. */
function relativeDrop(base: number, metric: number): number {
  if (!Number.isFinite(metric)) return 1;
  if (base === 0) return metric < 0 ? 1 : 0;
  return Math.max(0, (base - metric) / Math.abs(base));
}

/**
 * Stability score = clamp(1 - max relative drop, 0, 1) over the neighbours, where drop = (base - metric) /
 * |base| (improvements count as 0). Cliffs are parameters with a drop above `cliffThreshold` (default 0.5).
 */
export function stabilityScore(
  baseMetric: number,
  neighbours: readonly NeighbourMetric[],
  options: { cliffThreshold?: number } = {},
): StabilityResult {
  const cliffThreshold = options.cliffThreshold ?? 0.5;
  if (!Number.isFinite(baseMetric)) throw new RangeError(`stabilityScore: baseMetric must be finite, was ${baseMetric}`);
  if (!(cliffThreshold > 0)) throw new RangeError(`stabilityScore: cliffThreshold must be > 0, was ${cliffThreshold}`);
  const drops = neighbours.map(({ param, factor, metric }) => ({ param, factor, drop: relativeDrop(baseMetric, metric) }));
  let worstDrop = 0;
  const cliffs: string[] = [];
  for (const { param, drop } of drops) {
    if (drop > worstDrop) worstDrop = drop;
    if (drop > cliffThreshold && !cliffs.includes(param)) cliffs.push(param);
  }
  const score = drops.length === 0 ? null : Math.min(1, Math.max(0, 1 - worstDrop));
  return { score, worstDrop, cliffs, drops };
}
