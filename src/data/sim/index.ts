export { buildSimUniverse, SIM_EPOCH_MS, type SimMarketKind, type SimMarketSpec } from './universe.js';
export { SimMarketModel, DEFAULT_CACHED_DAYS } from './market-model.js';
export { buildCandleRows, trailingDayTicker } from './candle-window.js';
