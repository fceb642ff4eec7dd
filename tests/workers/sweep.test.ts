import { describe, expect, it } from 'vitest';
import { evaluatePlan, planStrategy } from '../../src/strategies/index.js';
import { createSweepPool, sweep } from '../../src/workers/index.js';
import { meanRevertingCandles } from '../research/_synthetic-candles.js';

// piscina loads the compiled dist/workers/backtest-worker.js; tests/global-setup.ts builds it before any test runs.
describe('sweep', () => {
  const candles = meanRevertingCandles(3000, 11);
  const grid = { period: [14, 20, 30], mult: [1.5, 2.5] };
  const options = { timeframe: '5m' as const, fees: { taker: 0.0005, maker: 0.0002 }, slippage: 0.0003, defaults: { stop_loss_pct: 0.02 } };

  it('gives one row per combo in grid order, each the metrics of the combo run on its own', async () => {
    const rows = await sweep(candles, 'bollinger_mr', grid, { ...options, workers: 2 });
    expect(rows.map((row) => [row.params.period, row.params.mult])).toEqual([[14, 1.5], [14, 2.5], [20, 1.5], [20, 2.5], [30, 1.5], [30, 2.5]]);
    for (const row of rows) {
      const plan = planStrategy(candles, 'bollinger_mr', row.params, { timeframe: '5m' });
      const { metrics } = evaluatePlan(candles, plan, { timeframe: '5m', fees: { taker: 0.0005, maker: 0.0002, slippage: 0.0003 } });
      expect([row.sharpe, row.net_return, row.trades, row.mdd, row.win_rate]).toEqual([metrics.sharpe, metrics.netReturn, metrics.trades, metrics.maxDrawdown, metrics.winRate]);
      expect(row.pf).toBe(Number.isFinite(metrics.profitFactor) && metrics.trades > 0 ? metrics.profitFactor : null);
    }
    // Ranks follow the chosen metric, best first.
    const bySharpe = [...rows].sort((a, b) => a.rank - b.rank).map((row) => row.sharpe);
    expect(bySharpe).toEqual([...bySharpe].sort((a, b) => b - a));
  });

  it('gives the same rows on a pool handle, in this thread, and ranked by another metric', async () => {
    const pool = createSweepPool({ workers: 2 });
    try {
      const onPool = await sweep(candles, 'bollinger_mr', grid, { ...options, pool, metric: 'mdd' });
      const inThread = await sweep(candles, 'bollinger_mr', grid, { ...options, workers: 0, metric: 'mdd' });
      expect(onPool).toEqual(inThread);
      const leastDrawdown = onPool.find((row) => row.rank === 1);
      expect(leastDrawdown?.mdd).toBe(Math.min(...onPool.map((row) => row.mdd)));
    } finally {
      await pool.destroy();
    }
  });

  it("uses the strategy's grid from entries_config.json when none is given, and keeps invalid combos as errors", async () => {
    const rows = await sweep(candles, 'supertrend', undefined, { timeframe: '5m', workers: 0 });
    expect(rows).toHaveLength(16);
    const invalid = await sweep(candles, 'bollinger_mr', { period: [20, 1] }, { timeframe: '5m', workers: 0 });
    expect(invalid[1].error).toMatch(/period/);
    expect(invalid[1].rank).toBe(2);
  });
});
