import { describe, expect, it } from 'vitest';
import { allocateCandles, type Candles } from '../../src/core/index.js';
import { IndicatorCache } from '../../src/indicators/index.js';
import { passiveBenchmark, planWindows, runOutOfSample } from '../../src/research/index.js';
import { defaultBacktestConfig } from '../../src/config/backtest-config.js';
import { randomWalkCandles } from './_synthetic-candles.js';

const fees = { taker: 0.0005, maker: 0.0002, slippage: 0.0002 };

/** `candles` with every bar from `from` on taken from `other` (a different future), rescaled to join continuously. */
function withOtherFuture(candles: Candles, other: Candles, from: number): Candles {
  const n = candles.close.length;
  const out = allocateCandles(n);
  const scale = candles.close[from - 1] / other.close[from - 1];
  for (let i = 0; i < n; i++) {
    const source = i < from ? candles : other;
    const factor = i < from ? 1 : scale;
    out.timestamp[i] = candles.timestamp[i];
    out.open[i] = source.open[i] * factor;
    out.high[i] = source.high[i] * factor;
    out.low[i] = source.low[i] * factor;
    out.close[i] = source.close[i] * factor;
    out.volume[i] = source.volume[i];
  }
  return out;
}

describe('no lookahead in the OOS re-run and its passive benchmark', () => {
  const candles = randomWalkCandles(5000, 21);
  const { windows } = planWindows(5000, '5m', defaultBacktestConfig().walk_forward);
  const cut = 3;
  const changed = withOtherFuture(candles, randomWalkCandles(5000, 22), windows[cut].oosEnd);

  it.each([
    ['donchian_breakout', { entry_period: 20, exit_period: 10 }],
    ['momentum', { lookback: 20, volume_mult: 0, take_profit_pct: 0.02 }],
    ['boltrend', { bb_period: 20, bb_mult: 2, trend_period: 100 }],
    ['bollinger_mr', { period: 20, mult: 2 }],
  ])('%s: windows that end before the changed future report the same returns, trades and betas', (strategyId, params) => {
    const run = (bars: Candles) => {
      const oos = runOutOfSample({ candles: bars, tf: '5m', strategyId, params, windows, execution: { fees }, cache: new IndicatorCache(bars) });
      return { oos, benchmark: passiveBenchmark(bars, windows, oos.barReturns) };
    };
    const original = run(candles);
    const other = run(changed);
    const keptBars = windows.slice(0, cut + 1).reduce((sum, w) => sum + (w.oosEnd - w.oosStart - 1), 0);
    expect(Array.from(other.oos.barReturns.subarray(0, keptBars))).toEqual(Array.from(original.oos.barReturns.subarray(0, keptBars)));
    for (let w = 0; w <= cut; w++) {
      expect(other.oos.windows[w]).toEqual(original.oos.windows[w]);
      expect(other.benchmark.betas[w]).toBe(original.benchmark.betas[w]);
      expect(other.benchmark.windowExcess[w]).toBe(original.benchmark.windowExcess[w]);
    }
    // The change is real: some later window differs.
    expect(other.oos.barReturns.subarray(keptBars)).not.toEqual(original.oos.barReturns.subarray(keptBars));
  });
});
