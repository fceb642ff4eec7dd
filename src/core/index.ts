export * from './errors.js';
export * from './timeframe.js';
export * from './candles.js';
export * from './rng.js';
export * from './pair.js';
export * from './packed-floats.js';
