import { describe, expect, it } from 'vitest';
import { IndicatorCache } from '../../src/indicators/index.js';
import { defaultParams, getStrategy, runStrategy, STRATEGY_IDS } from '../../src/strategies/index.js';
import { nonEmptyCases } from '../helpers/case-table.js';
import { HAS_SHARED_DATA, SHARED_DATA_SKIP_MESSAGE } from '../helpers/shared-data.js';
import { testMarkets } from './_candles.js';

const FEES = { maker: 0.0002, taker: 0.0005, slippage: 0.0001 };

// The synthetic markets always run; BTCUSDT 1h and BTCUSDT_PERP 1m add their cases when the shared files are present.
const markets = testMarkets();
const hourly = markets.filter((data) => data.timeframe === '1h');
const everyMarket = nonEmptyCases('strategy x market', markets.flatMap((data) => STRATEGY_IDS.map((id) => [id, data.name, data] as const)));
const everyHourly = nonEmptyCases('strategy x hourly market', hourly.flatMap((data) => STRATEGY_IDS.map((id) => [id, data.name, data] as const)));
const bidirectional = STRATEGY_IDS.filter((id) => getStrategy(id).sides.length === 2 && id !== 'grid_range_atr');
const everyBidirectional = nonEmptyCases('two-sided strategy x hourly market', hourly.flatMap((data) => bidirectional.map((id) => [id, data.name, data] as const)));

// One visible skip stands for the real-candle cases a clean clone cannot add.
if (!HAS_SHARED_DATA) it.skip(`strategies on real candles (BTCUSDT 1h, BTCUSDT_PERP 1m): ${SHARED_DATA_SKIP_MESSAGE}`, () => {});

describe('strategies with their defaults', () => {
  it.each(everyHourly)('%s trades a plausible number of times on %s', (id, _name, { candles, timeframe }) => {
    const { trades, metrics, equity } = runStrategy(candles, id, {}, { timeframe, fees: FEES });
    expect(trades.length).toBeGreaterThanOrEqual(20);
    expect(trades.length).toBeLessThan(candles.close.length / 1.5);
    expect(metrics.trades).toBe(trades.length);
    expect(equity.every(Number.isFinite)).toBe(true);
    expect(metrics.maxDrawdown).toBeLessThan(1);
  });

  it.each(everyMarket)('%s on %s: every trade is on a side the strategy declares and enters after the warm-up', (id, _name, data) => {
    const definition = getStrategy(id);
    const warmup = definition.warmup(defaultParams(definition));
    const { trades } = runStrategy(data.candles, id, {}, { timeframe: data.timeframe, fees: FEES });
    const sides = new Set(trades.map((trade) => trade.side));
    for (const side of sides) expect(definition.sides).toContain(side);
    expect(Math.min(...trades.map((trade) => trade.entryIndex))).toBeGreaterThan(warmup);
  });

  it.each(everyBidirectional)('%s on %s with direction "long" never shorts, and with "short" never buys', (id, _name, { candles, timeframe }) => {
    const cache = new IndicatorCache(candles);
    const longOnly = runStrategy(candles, id, { direction: 'long' }, { timeframe, cache });
    const shortOnly = runStrategy(candles, id, { direction: 'short' }, { timeframe, cache });
    expect(longOnly.trades.length).toBeGreaterThan(0);
    expect(shortOnly.trades.length).toBeGreaterThan(0);
    expect(longOnly.trades.every((trade) => trade.side === 'long')).toBe(true);
    expect(shortOnly.trades.every((trade) => trade.side === 'short')).toBe(true);
  });
});
