/**
 * Market regime of a stretch of candles, so results can be read per regime (a scalper that only works in
 * bull runs should say so): crash, bull, bear or range, from the period's return and maximum drawdown.
 */
import { RegimeConfigSchema, type RegimeConfig } from '../config/backtest-config.js';

export const REGIMES = ['crash', 'bull', 'bear', 'range'] as const;
export type Regime = (typeof REGIMES)[number];

export { RegimeConfigSchema, type RegimeConfig } from '../config/backtest-config.js';

export interface RegimeStats {
  /** Period return last / first - 1. */
  return: number;
  /** Largest peak-to-trough fall of the closes, as a positive fraction. */
  maxDrawdown: number;
  /** Standard deviation of log returns per bar (reported for context, not used by the classification). */
  volatility: number;
}

/** Return, maximum drawdown and per-bar log-return volatility of a close series (at least two positive closes). */
export function regimeStats(closes: Float64Array | readonly number[]): RegimeStats {
  const n = closes.length;
  if (n < 2) throw new RangeError(`regimeStats: need at least 2 closes, got ${n}`);
  let peak = closes[0];
  let maxDrawdown = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const close = closes[i];
    if (!(close > 0) || !Number.isFinite(close)) {
      throw new RangeError(`regimeStats: close ${i} is ${close}; closes must be positive finite prices`);
    }
    if (close > peak) peak = close;
    const drawdown = 1 - close / peak;
    if (drawdown > maxDrawdown) maxDrawdown = drawdown;
    if (i > 0) {
      const logReturn = Math.log(close / closes[i - 1]);
      sum += logReturn;
      sumSquares += logReturn * logReturn;
    }
  }
  const steps = n - 1;
  const average = sum / steps;
  const volatility = steps > 1 ? Math.sqrt(Math.max(0, (sumSquares - steps * average * average) / (steps - 1))) : 0;
  return { return: closes[n - 1] / closes[0] - 1, maxDrawdown, volatility };
}

/**
 * Classifies a period: crash when the drawdown exceeds `crashDrawdown` or the return is below `crashReturn`;
 * else bull above +trendReturn, bear below -trendReturn, otherwise range. Takes closes or precomputed stats.
 */
export function classifyRegime(
  input: Float64Array | readonly number[] | RegimeStats,
  config: RegimeConfig = RegimeConfigSchema.parse({}),
): Regime {
  const stats = 'maxDrawdown' in input ? input : regimeStats(input);
  if (stats.maxDrawdown > config.crashDrawdown || stats.return < config.crashReturn) return 'crash';
  if (stats.return > config.trendReturn) return 'bull';
  if (stats.return < -config.trendReturn) return 'bear';
  return 'range';
}
