/**
 * The Deflated Sharpe of a walk-forward record's edge: PSR(SR, SR* = SR_passive + SR0(N, V)) (Bailey & Lopez de
 * Prado 2012 eq. 4 with the 2014 eq. 6 benchmark). N trials with trial-Sharpe variance V were tried; unskilled
 * trials are centred on the passive benchmark's Sharpe (a drifting path makes every net-long trial earn its
 * drift), so their expected best is SR_passive + SR0. Skewness and kurtosis are those of the record's returns;
 * its own volatility is kept (not that of the active returns), which would flatter a strategy that is not hedged.
 *
 * V is the variance of the trials' per-bar Sharpes, capped at 1 / (T - 1), the sampling variance of a Sharpe
 * estimate when the true Sharpe is 0 (Mertens 2002 at SR = 0). The False Strategy Theorem behind SR0 describes N
 * UNSKILLED trials: their estimates scatter around 0 with that sampling variance, less when the trials are
 * correlated (equicorrelated trials scatter with V0 (1 - rho), and their expected best shrinks by exactly that
 * factor, so the measured V is right). What a family's measured V holds beyond V0 is not luck: combos killed by
 * their costs (true Sharpe far below 0) or combos with a real edge spread the Sharpes and can never be the lucky
 * best of unskilled trials. Uncapped, one strategy with a real edge and one that pays heavy fees make every
 * record of the family look overfit (measured: a planted mean-reversion edge at t = 8.5 got DSR 0.00).
 */
import type { RecordMoments } from './candidate-evidence.js';
import { expectedMaxSharpe, probabilisticSharpe } from './deflated-sharpe.js';
import { variance } from './moments.js';

export interface DeflatedEdgeInput {
  moments: RecordMoments | null;
  passiveSharpe: number;
  trials: number;
  /** Measured variance of the trials' per-bar Sharpes (capped inside, see above). */
  trialSharpeVariance: number;
}

/** The DSR of the record's edge, or null when the record never varies or its moments are unusable. */
export function deflatedEdge(input: DeflatedEdgeInput): number | null {
  const { moments } = input;
  if (moments === null || !(moments.observations >= 2) || !Number.isFinite(moments.sharpe)) return null;
  try {
    const variance = unskilledTrialVariance(input.trialSharpeVariance, moments.observations);
    const sr0 = expectedMaxSharpe({ trials: Math.max(1, input.trials), trialSharpeVariance: variance });
    return probabilisticSharpe({
      sr: moments.sharpe, benchmarkSr: sr0 + input.passiveSharpe, observations: moments.observations,
      skewness: moments.skewness, kurtosis: moments.kurtosis,
    });
  } catch {
    return null;
  }
}

/** Sample variance of the finite trial Sharpes; 0 with fewer than two. */
export function trialSharpeVariance(sharpes: readonly number[]): number {
  const finite = sharpes.filter((value) => Number.isFinite(value));
  const result = finite.length > 1 ? variance(finite) : 0;
  return Number.isFinite(result) ? result : 0;
}

/** The V the Deflated Sharpe uses: the measured trial variance, capped at the null sampling variance 1 / (T - 1). */
export function unskilledTrialVariance(measured: number, observations: number): number {
  return observations > 1 ? Math.min(measured, 1 / (observations - 1)) : measured;
}
