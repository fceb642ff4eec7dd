import { UsageError } from '../core/index.js';
import { bollingerMr } from './bollinger-mr.js';
import { boltrend } from './boltrend.js';
import { donchianBreakout } from './donchian-breakout.js';
import { envelopeDcaShort } from './envelope-dca-short.js';
import { envelopeDca } from './envelope-dca.js';
import { gridAtr } from './grid-atr.js';
import { gridBoltrend } from './grid-boltrend.js';
import { gridMultiTf } from './grid-multi-tf.js';
import { gridRangeAtr } from './grid-range-atr.js';
import { gridTrend } from './grid-trend.js';
import { momentum } from './momentum.js';
import type { StrategyDefinition, StrategyParams } from './strategy.js';
import { supertrendFlip } from './supertrend-flip.js';
import { vwapRsi } from './vwap-rsi.js';

/** The strategy library, by id. Adding a strategy is one file plus one line here (and its entries_config entry). */
export const STRATEGIES = {
  vwap_rsi: vwapRsi,
  momentum,
  bollinger_mr: bollingerMr,
  donchian_breakout: donchianBreakout,
  supertrend: supertrendFlip,
  boltrend,
  envelope_dca: envelopeDca,
  envelope_dca_short: envelopeDcaShort,
  grid_atr: gridAtr,
  grid_range_atr: gridRangeAtr,
  grid_trend: gridTrend,
  grid_boltrend: gridBoltrend,
  grid_multi_tf: gridMultiTf,
} as const;

export type StrategyId = keyof typeof STRATEGIES;
export const STRATEGY_IDS = Object.keys(STRATEGIES) as StrategyId[];

export function isStrategyId(id: string): id is StrategyId {
  return Object.hasOwn(STRATEGIES, id);
}

/** The strategy with this id; an unknown id throws a UsageError listing the valid ones. */
export function getStrategy(id: string): StrategyDefinition<StrategyParams> {
  if (!isStrategyId(id)) throw new UsageError(`unknown strategy "${id}"; valid ids: ${STRATEGY_IDS.join(', ')}`);
  return STRATEGIES[id] as unknown as StrategyDefinition<StrategyParams>;
}
