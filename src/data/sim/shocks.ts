import type { Rng } from '../../core/rng.js';

const T6_SCALE = Math.sqrt(4 / 6);
const MAX_SHOCK = 12;

/**
 * A unit-variance Student-t shock with 6 degrees of freedom (excess kurtosis 3): a normal divided by
 * sqrt(chi2_6 / 6), where chi2_6 = -2 ln(u1 u2 u3). Clipped at +-12 so one draw cannot wreck a price path.
 */
export function studentT6(rng: Rng): number {
  const uniforms = (1 - rng.next()) * (1 - rng.next()) * (1 - rng.next());
  const chiSquare = Math.max(-2 * Math.log(uniforms), 1e-9);
  const shock = (rng.normal() / Math.sqrt(chiSquare / 6)) * T6_SCALE;
  return shock > MAX_SHOCK ? MAX_SHOCK : shock < -MAX_SHOCK ? -MAX_SHOCK : shock;
}

/**
 * How far a Brownian bridge from 0 to `end` (variance `variance` over the interval) rises above max(0, end),
 * sampled exactly by inverting P(max >= m) = exp(-2 m (m - end) / variance). Use -end for the dip below min(0, end).
 */
export function bridgeExcursion(end: number, variance: number, uniform: number): number {
  const maximum = (end + Math.sqrt(end * end - 2 * variance * Math.log(1 - uniform))) / 2;
  return maximum - (end > 0 ? end : 0);
}
