import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceFolder, openResultsDb, type StoredResult } from '../../src/data/results-db.js';

const result = (score: number): StoredResult => ({
  id: 'BTCUSDT-5m-momentum',
  row: { id: 'BTCUSDT-5m-momentum', pair: 'BTC/USDT', tf: '5m', strategy: 'momentum', grade: 'C', score, sharpe: 1.2, trades: 40, dsr: null, params: { lookback: 20 } },
  detail: { id: 'BTCUSDT-5m-momentum' },
  candidate: { pair: 'BTC/USDT' },
  combos: [
    { key: '{"lookback":20}', params: { lookback: 20 }, is_sharpe: 1, oos_sharpe: 1.2, oos_return: 0.1, oos_trades: 40, windows_chosen: 6, error: null },
    { key: '{"lookback":1}', params: { lookback: 1 }, is_sharpe: null, oos_sharpe: null, oos_return: 0, oos_trades: 0, windows_chosen: 0, error: 'invalid' },
  ],
});
const evidence = (score: number) => ({ id: 'BTCUSDT-5m-momentum', activeReturns: [0.001, -0.002], score });

describe('results DB', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalp-results-db-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('keeps one latest result per pair/tf/strategy, every combo, and the evidence cache across reopenings', async () => {
    const file = join(tempDir(), 'data', 'results.duckdb');
    let db = await openResultsDb(file);
    await db.saveResults('run-1', [{ result: result(71), evidence: evidence(71), inputHash: 'hash-a', reused: false }], '2025-01-01T00:00:00.000Z');
    db.close();
    db = await openResultsDb(file);
    try {
      expect(await db.cachedEvidence('hash-a')).toEqual(evidence(71));
      expect(await db.cachedEvidence('hash-b')).toBeNull();
      expect([await db.hasCachedEvidence('hash-a'), await db.hasCachedEvidence('hash-b')]).toEqual([true, false]);
      await db.saveResults('run-2', [{ result: result(75), evidence: evidence(71), inputHash: 'hash-a', reused: true }], '2025-01-02T00:00:00.000Z');
      expect(await db.query('SELECT run_id, score FROM results WHERE is_latest')).toEqual([{ run_id: 'run-2', score: 75 }]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM combo_trials WHERE error IS NULL')).toEqual([{ n: 2 }]);
      expect(await db.query('SELECT sum(windows_chosen)::INTEGER AS n FROM combo_trials')).toEqual([{ n: 12 }]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM evidence_cache')).toEqual([{ n: 1 }]);
      await db.saveRun({ run_id: 'run-2', created_at: 'x', config_hash: 'c', exchange: 'sim', simulated: true, jobs: 1, rows: 1, reused: 1, failures: [], duration_ms: 5 });
      expect(await db.query('SELECT reused, failures FROM runs')).toEqual([{ reused: 1, failures: 0 }]);
    } finally {
      db.close();
    }
  });

  it('writes a whole run in one call: every row and combo, one latest per pair/tf/strategy, the cache', async () => {
    const db = await openResultsDb(join(tempDir(), 'results.duckdb'));
    const other = (score: number): StoredResult => {
      const base = result(score);
      return { ...base, id: 'ETHUSDT-5m-momentum', row: { ...base.row, id: 'ETHUSDT-5m-momentum', pair: 'ETH/USDT' } };
    };
    try {
      await db.saveResults('run-0', [{ result: result(60), evidence: evidence(60), inputHash: 'hash-old', reused: false }], '2025-01-01T00:00:00.000Z');
      await db.saveResults('run-1', [
        { result: result(71), evidence: evidence(71), inputHash: 'hash-a', reused: false },
        { result: other(50), evidence: evidence(50), inputHash: 'hash-b', reused: true },
        { result: other(55), evidence: evidence(55), inputHash: 'hash-c', reused: false },
      ], '2025-01-02T00:00:00.000Z');
      expect(await db.query('SELECT pair, score, trades FROM results WHERE is_latest ORDER BY pair')).toEqual([
        { pair: 'BTC/USDT', score: 71, trades: 40 },
        { pair: 'ETH/USDT', score: 55, trades: 40 },
      ]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM results')).toEqual([{ n: 4 }]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM combo_trials')).toEqual([{ n: 8 }]);
      expect(await db.query('SELECT input_hash FROM evidence_cache ORDER BY input_hash')).toEqual([
        { input_hash: 'hash-a' }, { input_hash: 'hash-c' }, { input_hash: 'hash-old' },
      ]);
      expect(await db.cachedEvidence('hash-c')).toEqual(evidence(55));
    } finally {
      db.close();
    }
  });

  it('drops cache entries no run has written or reused for a day, and keeps those a run reused', async () => {
    const db = await openResultsDb(join(tempDir(), 'results.duckdb'));
    try {
      await db.saveResults('run-1', [
        { result: result(1), evidence: evidence(1), inputHash: 'stale', reused: false },
        { result: result(2), evidence: evidence(2), inputHash: 'reused', reused: false },
      ], '2025-01-01T00:00:00.000Z');
      await db.saveResults('run-2', [{ result: result(2), evidence: evidence(2), inputHash: 'reused', reused: true }], '2025-01-01T20:00:00.000Z');
      await db.saveResults('run-3', [{ result: result(3), evidence: evidence(3), inputHash: 'fresh', reused: false }], '2025-01-02T06:00:00.000Z');
      expect(await db.query('SELECT input_hash FROM evidence_cache ORDER BY input_hash')).toEqual([{ input_hash: 'fresh' }, { input_hash: 'reused' }]);
      expect(await db.cachedEvidence('reused')).toEqual(evidence(2));
    } finally {
      db.close();
    }
  });

  it('keeps evidence payloads in files beside the DB (not in it), reads rows of the older layout, and a lost file is a miss', async () => {
    const file = join(tempDir(), 'data', 'results.duckdb');
    const folder = evidenceFolder(file);
    const db = await openResultsDb(file);
    try {
      await db.saveResults('run-1', [
        { result: result(1), evidence: evidence(1), inputHash: 'in-file', reused: false },
        { result: result(2), evidence: evidence(2), inputHash: 'lost', reused: false },
      ], '2025-01-01T00:00:00.000Z');
      expect(readdirSync(folder).sort()).toEqual(['in-file.json', 'lost.json']);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM evidence_cache WHERE payload IS NOT NULL')).toEqual([{ n: 0 }]);
      await db.query(`INSERT INTO evidence_cache VALUES ('older-run', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '${JSON.stringify(evidence(3))}')`);
      rmSync(join(folder, 'lost.json'));
      expect([await db.cachedEvidence('in-file'), await db.cachedEvidence('older-run'), await db.cachedEvidence('lost')]).toEqual([evidence(1), evidence(3), null]);
      expect([await db.hasCachedEvidence('in-file'), await db.hasCachedEvidence('older-run'), await db.hasCachedEvidence('lost')]).toEqual([true, true, false]);
      // A day later the entries no run reused expire, and their files go with them.
      await db.saveResults('run-2', [{ result: result(4), evidence: evidence(4), inputHash: 'next-day', reused: false }], '2025-01-02T06:00:00.000Z');
      expect(readdirSync(folder)).toEqual(['next-day.json']);
      expect(existsSync(join(folder, 'in-file.json'))).toBe(false);
      await expect(db.saveResults('run-3', [{ result: result(5), evidence: evidence(5), inputHash: '../escape', reused: false }], '2025-01-02T07:00:00.000Z')).rejects.toThrow(/input hash "..\/escape"/);
    } finally {
      db.close();
    }
  });

  it('keeps a promotion\'s forward record: appends only new bars, rewrites the provisional last one, replaces the trades', async () => {
    const db = await openResultsDb(join(tempDir(), 'results.duckdb'));
    const trade = { side: 'long', entryTime: 2, exitTime: 3, entryPrice: 10, exitPrice: 11, pnl: 1, return: 0.1, exitReason: 'signal' };
    try {
      expect(await db.saveForward('BTC/USDT|5m|x|t0', { times: [1, 2, 3], equity: [1, 1.01, 0.99] }, [trade])).toEqual({ written: 3 });
      // The next cycle: bar 3 was provisional (its equity changes), bars 4 and 5 are new.
      expect(await db.saveForward('BTC/USDT|5m|x|t0', { times: [1, 2, 3, 4, 5], equity: [1, 1.01, 1.0, 1.02, 1.03] }, [trade, trade])).toEqual({ written: 3 });
      const stored = await db.forwardBars('BTC/USDT|5m|x|t0');
      expect(stored.times).toEqual([1, 2, 3, 4, 5]);
      expect(stored.equity).toEqual([1, 1.01, 1.0, 1.02, 1.03]);
      expect(stored.returns[1]).toBeCloseTo(1.0 / 1.01 - 1, 12);
      expect(await db.query("SELECT count(*)::INTEGER AS n FROM forward_trades WHERE promotion = 'BTC/USDT|5m|x|t0'")).toEqual([{ n: 2 }]);
      expect((await db.forwardBars('other')).times).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('keeps the tables of the first layout under a _v1 name instead of reading or deleting them', async () => {
    const file = join(tempDir(), 'results.duckdb');
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE combo_results (run_id VARCHAR, combo_score DOUBLE)');
    await connection.run("INSERT INTO combo_results VALUES ('old-run', 2.5)");
    await connection.run('CREATE TABLE result_cache (input_hash VARCHAR PRIMARY KEY, created_at VARCHAR, payload VARCHAR)');
    await connection.run("INSERT INTO result_cache VALUES ('hash-a', 'x', '{}')");
    connection.closeSync();
    instance.closeSync();
    const db = await openResultsDb(file);
    try {
      expect(await db.query('SELECT run_id, combo_score FROM combo_results_v1')).toEqual([{ run_id: 'old-run', combo_score: 2.5 }]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM result_cache_v1')).toEqual([{ n: 1 }]);
      expect(await db.cachedEvidence('hash-a')).toBeNull();
    } finally {
      db.close();
    }
  });
});
