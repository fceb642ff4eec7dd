import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openResultsDb, type StoredResult } from '../../src/data/results-db.js';

const result = (score: number): StoredResult => ({
  id: 'BTCUSDT-5m-momentum',
  row: { id: 'BTCUSDT-5m-momentum', pair: 'BTC/USDT', tf: '5m', strategy: 'momentum', grade: 'C', score, sharpe: 1.2, trades: 40, dsr: null, params: { lookback: 20 } },
  detail: { id: 'BTCUSDT-5m-momentum' },
  candidate: { pair: 'BTC/USDT' },
  combos: [
    { key: '{"lookback":20}', params: { lookback: 20 }, is_sharpe: 1, oos_sharpe: 1.2, oos_median_sharpe: 1, oos_return: 0.1, oos_trades: 40, consistency: 0.5, oos_is_ratio: 1.2, combo_score: 2, error: null },
    { key: '{"lookback":1}', params: { lookback: 1 }, is_sharpe: null, oos_sharpe: null, oos_median_sharpe: null, oos_return: 0, oos_trades: 0, consistency: 0, oos_is_ratio: null, combo_score: null, error: 'invalid' },
  ],
});

describe('results DB', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('keeps one latest result per pair/tf/strategy, every combo, and the cache across reopenings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalp-results-db-'));
    dirs.push(dir);
    const file = join(dir, 'data', 'results.duckdb');
    let db = await openResultsDb(file);
    await db.saveResult('run-1', result(71), 'hash-a', false, '2025-01-01T00:00:00.000Z');
    db.close();
    db = await openResultsDb(file);
    try {
      expect(await db.cached('hash-a')).toEqual(result(71));
      expect(await db.cached('hash-b')).toBeNull();
      await db.saveResult('run-2', result(75), 'hash-a', true, '2025-01-02T00:00:00.000Z');
      expect(await db.query('SELECT run_id, score FROM results WHERE is_latest')).toEqual([{ run_id: 'run-2', score: 75 }]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM combo_results WHERE error IS NULL')).toEqual([{ n: 2 }]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM result_cache')).toEqual([{ n: 1 }]);
      await db.saveRun({ run_id: 'run-2', created_at: 'x', config_hash: 'c', exchange: 'sim', simulated: true, jobs: 1, rows: 1, reused: 1, failures: [], duration_ms: 5 });
      expect(await db.query('SELECT reused, failures FROM runs')).toEqual([{ reused: 1, failures: 0 }]);
    } finally {
      db.close();
    }
  });

  it('writes a whole run in one call: every row and combo, one latest per pair/tf/strategy, the cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalp-results-db-'));
    dirs.push(dir);
    const db = await openResultsDb(join(dir, 'results.duckdb'));
    const other = (score: number): StoredResult => {
      const base = result(score);
      return { ...base, id: 'ETHUSDT-5m-momentum', row: { ...base.row, id: 'ETHUSDT-5m-momentum', pair: 'ETH/USDT' } };
    };
    try {
      await db.saveResult('run-0', result(60), 'hash-old', false, '2025-01-01T00:00:00.000Z');
      await db.saveResults('run-1', [
        { result: result(71), inputHash: 'hash-a', reused: false },
        { result: other(50), inputHash: 'hash-b', reused: true },
        { result: other(55), inputHash: 'hash-c', reused: false },
      ], '2025-01-02T00:00:00.000Z');
      expect(await db.query('SELECT pair, score, trades FROM results WHERE is_latest ORDER BY pair')).toEqual([
        { pair: 'BTC/USDT', score: 71, trades: 40 },
        { pair: 'ETH/USDT', score: 55, trades: 40 },
      ]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM results')).toEqual([{ n: 4 }]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM combo_results')).toEqual([{ n: 8 }]);
      expect(await db.query('SELECT input_hash FROM result_cache ORDER BY input_hash')).toEqual([
        { input_hash: 'hash-a' }, { input_hash: 'hash-c' }, { input_hash: 'hash-old' },
      ]);
      expect(await db.cached('hash-c')).toEqual(other(55));
    } finally {
      db.close();
    }
  });
});
