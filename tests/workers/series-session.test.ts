import { afterAll, describe, expect, it } from 'vitest';
import { defaultBacktestConfig } from '../../src/config/backtest-config.js';
import { IndicatorCache, sharedOutput, type SharedIndicator } from '../../src/indicators/index.js';
import { chooseCandidate, evaluateCombos, finishCandidate, fullGrid, planWindows, type ResearchCandidateInput } from '../../src/research/index.js';
import { createBacktestPool, indicatorRequests, openSeries } from '../../src/workers/index.js';
import { meanRevertingCandles } from '../research/_synthetic-candles.js';

// piscina loads the compiled dist/workers/backtest-worker.js; tests/global-setup.ts builds it before any test runs.
describe('series session (pool-wide indicators)', () => {
  const pool = createBacktestPool({ workers: 2 });
  afterAll(() => pool.destroy());
  const candles = meanRevertingCandles(5000, 7);
  const config = defaultBacktestConfig();
  const windows = planWindows(5000, '5m', config.walk_forward).windows;
  const grid = { entry_period: [10, 20, 30], exit_period: [5, 10] };
  const job: ResearchCandidateInput = { pair: 'SYN/USDT', tf: '5m', strategyId: 'donchian_breakout', grid, config, fees: { taker: 0.0005, slippage: 0.0002 } };

  it('finds every indicator the plans read by planning on the first bars', () => {
    const requests = indicatorRequests(candles, { strategyId: 'donchian_breakout', timeframe: '5m' }, fullGrid(grid));
    expect(requests.map((request) => request.key).sort()).toEqual(['donchianBreakouts{period=10}', 'donchianBreakouts{period=20}', 'donchianBreakouts{period=30}', 'donchianBreakouts{period=5}']);
  });

  it('computes each indicator once for the pool, into shared memory equal to a local computation', async () => {
    const session = openSeries(pool, candles);
    const shared = await session.indicatorsFor({ strategyId: 'donchian_breakout', timeframe: '5m' }, fullGrid(grid));
    expect(shared).toHaveLength(4);
    expect(shared.every((indicator) => indicator.buffer instanceof SharedArrayBuffer)).toBe(true);
    const local = new IndicatorCache(candles);
    for (const indicator of shared) {
      const expected = local.get('donchianBreakouts', indicator.request.params as { period: number });
      expect(sharedOutput(indicator)).toEqual(expected);
    }
    // A second batch asking for the same indicators gets the same shared memory, not a new fill.
    const again = await session.indicatorsFor({ strategyId: 'donchian_breakout', timeframe: '5m' }, [{ entry_period: 20, exit_period: 10 }]);
    expect(again.map((indicator) => indicator.buffer)).toEqual(again.map((indicator) => shared.find((s) => s.request.key === indicator.request.key)?.buffer));
  });

  it('lets go of what only a finished strategy read, keeps what another open strategy reads', async () => {
    const session = openSeries(pool, candles);
    const spec = (strategyId: string) => ({ strategyId, timeframe: '5m' as const });
    const long = await session.indicatorsFor(spec('envelope_dca'), [{ ma_period: 10 }, { ma_period: 20 }]);
    const short = await session.indicatorsFor(spec('envelope_dca_short'), [{ ma_period: 20 }]);
    session.release('envelope_dca');
    const again = await session.indicatorsFor(spec('envelope_dca'), [{ ma_period: 10 }, { ma_period: 20 }]);
    const bufferOf = (list: SharedIndicator[], key: string) => list.find((indicator) => indicator.request.key === key)?.buffer;
    const [sma10, sma20] = ['sma{period=10,source="close"}', 'sma{period=20,source="close"}'];
    // The SMA 20 is also read by the open short strategy: the same shared memory; the SMA 10 was let go: filled again.
    expect(bufferOf(again, sma20)).toBe(bufferOf(short, sma20));
    expect(bufferOf(again, sma10)).toBeInstanceOf(SharedArrayBuffer);
    expect(bufferOf(again, sma10)).not.toBe(bufferOf(long, sma10));
  });

  it('evaluates and finishes on shared indicators exactly as in this thread', async () => {
    const session = openSeries(pool, candles);
    const combos = fullGrid(grid);
    const remote = await session.evaluate(job, windows, combos);
    const local = evaluateCombos({ candles, tf: '5m', strategyId: 'donchian_breakout', defaults: {}, combos, windows, execution: { fees: job.fees }, partitions: 16 });
    expect(remote).toEqual(local);
    const choice = await chooseCandidate(candles, job, (batch) => session.evaluate(job, windows, batch));
    expect(await session.finish(job, choice)).toEqual(finishCandidate(candles, job, choice));
  });
});
