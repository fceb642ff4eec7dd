/** Indicators: pure functions over Float64Array columns (TA-Lib conventions, NaN during warm-up) and their cache. */
export { sma } from './sma.js';
export { ema } from './ema.js';
export { wma } from './wma.js';
export { rollingStd } from './rolling-std.js';
export { zScore } from './z-score.js';
export { rsi } from './rsi.js';
export { trueRange } from './true-range.js';
export { atr } from './atr.js';
export { bollinger, type BollingerBands } from './bollinger.js';
export { donchian, type DonchianChannel } from './donchian.js';
export { donchianBreakouts, breakoutRuns, breakoutsFromRuns, BREAKOUT, type BreakoutRuns } from './donchian-breakouts.js';
export { keltner, type KeltnerChannel } from './keltner.js';
export { supertrend, type Supertrend } from './supertrend.js';
export { adx, type DirectionalMovement } from './adx.js';
export { macd, type Macd } from './macd.js';
export { vwap } from './vwap.js';
export { volumeSma } from './volume-sma.js';
export { IndicatorCache, cacheKey, type IndicatorCacheStats, type IndicatorRequest } from './indicator-cache.js';
export { computeShared, sharedOutput, type SharedIndicator } from './shared-indicator.js';
export {
  INDICATORS,
  type IndicatorName,
  type IndicatorParams,
  type IndicatorOutput,
  type PriceSource,
  type IndicatorInput,
  type IndicatorDefinition,
} from './indicator-registry.js';
