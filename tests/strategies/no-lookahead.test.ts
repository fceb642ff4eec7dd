import { describe, expect, it } from 'vitest';
import { allocateCandles, CANDLE_COLUMNS, sliceCandles, type Candles } from '../../src/core/index.js';
import { scaledLevelMatrix, tradesToObjects, type Trade } from '../../src/engine/index.js';
import { IndicatorCache } from '../../src/indicators/index.js';
import { defaultParams, evaluatePlan, getStrategy, STRATEGY_IDS, type StrategyPlan } from '../../src/strategies/index.js';
import { nonEmptyCases } from '../helpers/case-table.js';
import { HAS_SHARED_DATA, SHARED_DATA_SKIP_MESSAGE } from '../helpers/shared-data.js';
import { firstDifference, testMarkets, type MarketCandles } from './_candles.js';

/** Every per-bar array of a plan, cut to its first k bars (grid level arrays hold levelCount prices per bar). */
function planArrays(plan: StrategyPlan, k: number): Record<string, ArrayLike<number>> {
  const out: Record<string, ArrayLike<number>> = {};
  const source = plan.family === 'mono' ? plan.signals : plan.levels;
  const perBar = plan.family === 'grid' ? plan.levels.levelCount : 1;
  for (const [key, values] of Object.entries(source)) {
    if (typeof values === 'number' || values === undefined) continue;
    // Scaled grid levels compare as the level matrix they stand for.
    const scaled = 'center' in values;
    const array = scaled ? scaledLevelMatrix(values) : values;
    const width = scaled || key === 'long' || key === 'short' ? perBar : 1;
    out[key] = array.subarray(0, k * width);
  }
  return out;
}

function buildPlan(id: string, data: MarketCandles, candles: Candles): StrategyPlan {
  const definition = getStrategy(id);
  return definition.plan(candles, defaultParams(definition), new IndicatorCache(candles), { timeframe: data.timeframe });
}

function runTrades(plan: StrategyPlan, data: MarketCandles, candles: Candles): Trade[] {
  const fees = { maker: 0.0002, taker: 0.0005, slippage: 0.0001 };
  return tradesToObjects(evaluatePlan(candles, plan, { fees, timeframe: data.timeframe }).result.trades);
}

/** The candles with every bar from k on rescaled (prices x factor, volume x 5): a different future. */
function alteredFuture(candles: Candles, k: number, factor: number): Candles {
  const out = allocateCandles(candles.close.length);
  for (const column of CANDLE_COLUMNS) out[column].set(candles[column]);
  for (const column of ['open', 'high', 'low', 'close'] as const) for (let i = k; i < out.close.length; i++) out[column][i] *= factor;
  for (let i = k; i < out.close.length; i++) out.volume[i] *= 5;
  return out;
}

function expectSamePrefix(label: string, full: StrategyPlan, other: StrategyPlan, k: number): void {
  expect(other.startIndex).toBe(full.startIndex);
  const fullArrays = planArrays(full, k);
  const otherArrays = planArrays(other, k);
  expect(Object.keys(fullArrays).length).toBeGreaterThan(0);
  expect(Object.keys(otherArrays)).toEqual(Object.keys(fullArrays));
  for (const key of Object.keys(fullArrays)) {
    expect({ label, key, k, firstDifference: firstDifference(otherArrays[key], fullArrays[key]) }).toEqual({ label, key, k, firstDifference: -1 });
  }
}

// Every strategy id on the synthetic markets always; the shared real files add their cases when present.
const cases = nonEmptyCases(
  'strategy x market',
  testMarkets().flatMap((data) => STRATEGY_IDS.map((id) => [id, data.name, data] as const)),
);

// One visible skip stands for the real-candle cases a clean clone cannot add.
if (!HAS_SHARED_DATA) it.skip(`no lookahead on real candles (BTCUSDT 1h, BTCUSDT_PERP 1m): ${SHARED_DATA_SKIP_MESSAGE}`, () => {});

describe('no lookahead', () => {
  it.each(cases)('%s on %s: cut at bar k, the plan and the trades closed before k match the full run', (id, _name, data) => {
    const full = buildPlan(id, data, data.candles);
    const fullTrades = runTrades(full, data, data.candles);
    for (const k of [700, 2500, 6000]) {
      const candles = sliceCandles(data.candles, 0, k);
      const cut = buildPlan(id, data, candles);
      expectSamePrefix('cut', full, cut, k);
      const closedBefore = (trades: Trade[]) => trades.filter((trade) => trade.exitIndex < k - 1);
      expect(closedBefore(runTrades(cut, data, candles))).toEqual(closedBefore(fullTrades));
    }
  });

  it.each(cases)('%s on %s: bars from k on (cut off or changed) never change the plan before k, for many k', (id, _name, data) => {
    const candles = sliceCandles(data.candles, 0, 2000);
    const full = buildPlan(id, data, candles);
    for (let k = 250; k < 2000; k += 51) {
      expectSamePrefix('cut', full, buildPlan(id, data, sliceCandles(candles, 0, k)), k);
      expectSamePrefix('future x1.3', full, buildPlan(id, data, alteredFuture(candles, k, 1.3)), k);
      expectSamePrefix('future x0.7', full, buildPlan(id, data, alteredFuture(candles, k, 0.7)), k);
    }
  });
});
