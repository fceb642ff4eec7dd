import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultBacktestConfig } from '../../src/config/backtest-config.js';
import { chooseCandidate, evaluateCombos, finishCandidate, planWindows, type ResearchCandidateInput } from '../../src/research/index.js';
import { backtestWorkerFile, candlesFromRef, createBacktestPool, shareCandles } from '../../src/workers/index.js';
import { meanRevertingCandles } from '../research/_synthetic-candles.js';

const built = existsSync(backtestWorkerFile());

describe.skipIf(!built)('backtest pool (needs npm run build: piscina loads dist/workers/backtest-worker.js)', () => {
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

  it('reports a task that throws and keeps serving the next ones', async () => {
    await expect(pool.run({ kind: 'crash', message: 'boom in worker' })).rejects.toThrow('boom in worker');
    await expect(pool.evaluate(ref, { ...job, strategyId: 'no_such_strategy' }, windows, combos)).resolves.toSatisfy(
      (rows: { error?: string }[]) => rows.every((row) => /unknown strategy "no_such_strategy"/.test(row.error ?? '')),
    );
    await expect(pool.evaluate(ref, job, windows, combos)).resolves.toHaveLength(2);
  });
});
