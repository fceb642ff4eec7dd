import { describe, expect, it } from 'vitest';
import { IndicatorCache } from '../../src/indicators/index.js';
import { defaultParams, getStrategy, runStrategy, STRATEGY_IDS } from '../../src/strategies/index.js';
import { HAS_SHARED_DATA, SHARED_DATA_SKIP_MESSAGE } from '../helpers/shared-data.js';
import { realCandles } from './_candles.js';

const FEES = { maker: 0.0002, taker: 0.0005, slippage: 0.0001 };

describe.skipIf(!HAS_SHARED_DATA)(`strategies on real candles (${HAS_SHARED_DATA ? 'BTCUSDT 1h, BTCUSDT_PERP 1m' : SHARED_DATA_SKIP_MESSAGE})`, () => {
  const hourly = () => realCandles()[0];
  const cases = HAS_SHARED_DATA ? realCandles().flatMap((data) => STRATEGY_IDS.map((id) => [id, data.name, data] as const)) : [];

  it.each(STRATEGY_IDS)('%s trades a plausible number of times on BTCUSDT 1h with its defaults', (id) => {
    const { candles, timeframe } = hourly();
    const { trades, metrics, equity } = runStrategy(candles, id, {}, { timeframe, fees: FEES });
    expect(trades.length).toBeGreaterThanOrEqual(20);
    expect(trades.length).toBeLessThan(candles.close.length / 1.5);
    expect(metrics.trades).toBe(trades.length);
    expect(equity.every(Number.isFinite)).toBe(true);
    expect(metrics.maxDrawdown).toBeLessThan(1);
  });

  it.each(cases)('%s on %s: every trade is on a side the strategy declares and enters after the warm-up', (id, _name, data) => {
    const definition = getStrategy(id);
    const warmup = definition.warmup(defaultParams(definition));
    const { trades } = runStrategy(data.candles, id, {}, { timeframe: data.timeframe, fees: FEES });
    const sides = new Set(trades.map((trade) => trade.side));
    for (const side of sides) expect(definition.sides).toContain(side);
    expect(Math.min(...trades.map((trade) => trade.entryIndex))).toBeGreaterThan(warmup);
  });

  const bidirectional = STRATEGY_IDS.filter((id) => getStrategy(id).sides.length === 2 && id !== 'grid_range_atr');
  it.each(bidirectional)('%s with direction "long" never shorts, and with "short" never buys', (id) => {
    const { candles, timeframe } = hourly();
    const cache = new IndicatorCache(candles);
    const longOnly = runStrategy(candles, id, { direction: 'long' }, { timeframe, cache });
    const shortOnly = runStrategy(candles, id, { direction: 'short' }, { timeframe, cache });
    expect(longOnly.trades.length).toBeGreaterThan(0);
    expect(shortOnly.trades.length).toBeGreaterThan(0);
    expect(longOnly.trades.every((trade) => trade.side === 'long')).toBe(true);
    expect(shortOnly.trades.every((trade) => trade.side === 'short')).toBe(true);
  });
});
