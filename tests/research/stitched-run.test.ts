import { describe, expect, it } from 'vitest';
import { computeMetrics, TradeBuffers } from '../../src/engine/index.js';
import { IndicatorCache } from '../../src/indicators/index.js';
import { runStitched } from '../../src/research/index.js';
import { stitchedTimes } from '../../src/research/stitched-run.js';
import { evaluatePlan, planStrategy, type BarRange } from '../../src/strategies/index.js';
import { randomWalkCandles } from './_synthetic-candles.js';

/** The obvious stitch: ranges in order, each with a freshly built plan, equity chained range after range. */
function referenceStitch(candles: ReturnType<typeof randomWalkCandles>, strategyId: string, ranges: BarRange[], params: Record<string, number>[]) {
  const fees = { taker: 0.0005, maker: 0.0002, slippage: 0.0002 };
  const equity: number[] = [];
  const barReturns: number[] = [];
  const trades = new TradeBuffers(64);
  let level = 1;
  for (let r = 0; r < ranges.length; r++) {
    const plan = planStrategy(candles, strategyId, params[r], { timeframe: '5m' });
    const { result } = evaluatePlan(candles, plan, { fees, timeframe: '5m' }, ranges[r]);
    const curve = result.equity;
    for (let i = 0; i < curve.length; i++) {
      equity.push(curve[0] > 0 ? (level * curve[i]) / curve[0] : level);
      if (i > 0) barReturns.push(curve[i - 1] > 0 ? curve[i] / curve[i - 1] - 1 : 0);
    }
    level = equity[equity.length - 1];
    const t = result.trades;
    for (let i = 0; i < t.count; i++) {
      trades.append(t.side[i], t.entryIndex[i] + ranges[r].start, t.exitIndex[i] + ranges[r].start, t.entryTime[i], t.exitTime[i], t.entryPrice[i],
        t.exitPrice[i], t.size[i], t.pnl[i], t.return[i], t.fees[i], t.funding[i], t.exitReason[i], t.levelsFilled[i]);
    }
  }
  return { equity, barReturns, tradeReturns: Array.from(trades.return.subarray(0, trades.count)), sharpe: computeMetrics(Float64Array.from(equity), trades, { barsPerYear: 105_120 }).sharpe };
}

describe('runStitched', () => {
  const candles = randomWalkCandles(6000, 5);
  // A walk-forward that returns to earlier choices: A B A C B A over six windows.
  const ranges = [0, 1, 2, 3, 4, 5].map((k) => ({ start: 600 + k * 900, end: 1500 + k * 900 }));

  it.each([
    { strategyId: 'envelope_dca', choices: [{ ma_period: 20 }, { ma_period: 50 }, { ma_period: 30 }] },
    { strategyId: 'donchian_breakout', choices: [{ entry_period: 20 }, { entry_period: 40 }, { entry_period: 55, exit_period: 20 }] },
  ])('gives exactly the range-by-range stitch when choices come back ($strategyId, each plan built once)', ({ strategyId, choices }) => {
    const [a, b, c] = choices as Record<string, number>[];
    const params = [a, b, a, c, b, a];
    const fees = { taker: 0.0005, maker: 0.0002, slippage: 0.0002 };
    const run = runStitched({ candles, tf: '5m', strategyId, ranges, params, execution: { fees }, cache: new IndicatorCache(candles) });
    const reference = referenceStitch(candles, strategyId, ranges, params);
    expect(reference.tradeReturns.length).toBeGreaterThan(0);
    expect(Array.from(run.equity)).toEqual(reference.equity);
    expect(Array.from(run.barReturns)).toEqual(reference.barReturns);
    expect(Array.from(run.tradeReturns)).toEqual(reference.tradeReturns);
    expect(run.aggregate.sharpe).toBe(reference.sharpe);
    expect(run.ranges).toHaveLength(ranges.length);
    expect(run.lastRangeTrades.every((trade) => trade.entryIndex >= ranges[5].start)).toBe(true);
    const times = stitchedTimes(candles.timestamp, ranges);
    expect(times).toHaveLength(run.equity.length);
    expect(Array.from(times)).toEqual(ranges.flatMap((range) => Array.from(candles.timestamp.subarray(range.start, range.end))));
  });
});
