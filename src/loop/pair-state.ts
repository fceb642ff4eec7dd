import { timeframeMs, type Timeframe } from '../core/timeframe.js';

/** Orchestrator state of one pair x timeframe (DESIGN.md section 4). */
export const PAIR_STATES = ['MIS', 'OLD', 'DAT', 'OK'] as const;
export type PairState = (typeof PAIR_STATES)[number];

export interface PairStateInput {
  readonly tf: Timeframe;
  /** Open time of the last stored candle; undefined when there is no candle file. */
  readonly lastCandle: number | undefined;
  readonly ageMult: number;
  readonly now: number;
  /** Expiry of the promoted strategy for this pair x tf, if any. */
  readonly strategyExpiresAt?: number;
}

/**
 * MIS: no candle file. OLD: the last candle is older than age_mult x tf (age measured from its open time).
 * DAT: fresh candles without an unexpired promoted strategy. OK: fresh candles and an unexpired strategy.
 */
export function classifyPairState(input: PairStateInput): PairState {
  if (input.lastCandle === undefined) return 'MIS';
  if (input.now - input.lastCandle > input.ageMult * timeframeMs(input.tf)) return 'OLD';
  if (input.strategyExpiresAt !== undefined && input.strategyExpiresAt > input.now) return 'OK';
  return 'DAT';
}
