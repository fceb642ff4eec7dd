import { afterAll, describe, expect, it } from 'vitest';
import { defaultBacktestConfig } from '../../src/config/backtest-config.js';
import { chooseCandidate, evaluateCombos, finishCandidate, planWindows, type ResearchCandidateInput } from '../../src/research/index.js';
import { candlesFromRef, createBacktestPool, shareCandles, type SharedCandlesRef } from '../../src/workers/index.js';
import { meanRevertingCandles } from '../research/_synthetic-candles.js';

// piscina loads the compiled dist/workers/backtest-worker.js; tests/global-setup.ts builds it before any test runs.
describe('backtest pool', () => {
  const pool = createBacktestPool({ workers: 2 });
  afterAll(() => pool.destroy());
  const candles = meanRevertingCandles(5000, 4);
  const ref = shareCandles(candles);
  const config = defaultBacktestConfig();
  const windows = planWindows(5000, '5m', config.walk_forward).windows;
  const job: ResearchCandidateInput = {
    pair: 'SYN/USDT', tf: '5m', strategyId: 'bollinger_mr', grid: { period: [10, 20], mult: [2] }, config, fees: { taker: 0.0005 },
  };
  const combos = [{ period: 10, mult: 2 }, { period: 20, mult: 2 }];

  it('shares the candle columns without copying them again', () => {
    const view = candlesFromRef(ref);
    expect(view.close).toEqual(candles.close);
    expect(view.close.buffer).toBe(ref.buffer);
  });

  it('evaluates a batch in a worker exactly as in this thread', async () => {
    const remote = await pool.evaluate(ref, job, windows, combos);
    const local = evaluateCombos({ candles, tf: '5m', strategyId: 'bollinger_mr', defaults: {}, combos, windows, execution: { fees: job.fees }, partitions: 16 });
    expect(remote).toEqual(local);
  });

  it('finishes a candidate in a worker exactly as in this thread (record, statistics, evidence)', async () => {
    const choice = await chooseCandidate(candles, job, (batch) => pool.evaluate(ref, job, windows, batch));
    const remote = await pool.finish(ref, job, choice);
    expect(remote).toEqual(finishCandidate(candles, job, choice));
  });

  it('rejects a task that throws in its worker thread and keeps serving the next ones', async () => {
    // Candles whose shared buffer is shorter than their length: viewing them throws a RangeError in the worker.
    const corrupt: SharedCandlesRef = { id: 'corrupt-candles', length: 5000, buffer: new SharedArrayBuffer(8) };
    await expect(pool.evaluate(corrupt, job, windows, combos)).rejects.toThrow(RangeError);
    await expect(pool.evaluate(ref, { ...job, strategyId: 'no_such_strategy' }, windows, combos)).resolves.toSatisfy(
      (rows: { error?: string }[]) => rows.every((row) => /unknown strategy "no_such_strategy"/.test(row.error ?? '')),
    );
    await expect(pool.evaluate(ref, job, windows, combos)).resolves.toHaveLength(2);
  });
});
