/**
 * The results DB (DuckDB file, `data/results.duckdb`): runs, results (one row per pair/tf/strategy/run with
 * is_latest), combo_results (every combo tested, for heatmaps) and result_cache (finished row/detail/candidate
 * JSON by input hash, so an unchanged job is reused instead of recomputed). One writer: the backtest run opens it,
 * writes, and closes it.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, created_at VARCHAR, config_hash VARCHAR, exchange VARCHAR,
     simulated BOOLEAN, jobs INTEGER, rows INTEGER, reused INTEGER, failures INTEGER, duration_ms DOUBLE, failures_json VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS results (run_id VARCHAR, id VARCHAR, pair VARCHAR, tf VARCHAR, strategy VARCHAR, grade VARCHAR,
     score DOUBLE, sharpe DOUBLE, trades INTEGER, dsr DOUBLE, params VARCHAR, row_json VARCHAR, input_hash VARCHAR,
     reused BOOLEAN, is_latest BOOLEAN, created_at VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS combo_results (run_id VARCHAR, result_id VARCHAR, pair VARCHAR, tf VARCHAR, strategy VARCHAR,
     combo_key VARCHAR, params VARCHAR, is_sharpe DOUBLE, oos_sharpe DOUBLE, oos_median_sharpe DOUBLE, oos_return DOUBLE,
     oos_trades INTEGER, consistency DOUBLE, oos_is_ratio DOUBLE, combo_score DOUBLE, error VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS result_cache (input_hash VARCHAR PRIMARY KEY, created_at VARCHAR, payload VARCHAR)`,
];

/** `<dataDir>/results.duckdb`. */
export function resultsDbPath(dataDir: string): string {
  return join(dataDir, 'results.duckdb');
}

export interface RunRecord {
  run_id: string;
  created_at: string;
  config_hash: string;
  exchange: string;
  simulated: boolean;
  jobs: number;
  rows: number;
  reused: number;
  failures: { item: string; error: string }[];
  duration_ms: number;
}

/** A combo row as research produces it (snake_case). */
export interface StoredComboRow {
  key: string;
  params: Record<string, unknown>;
  is_sharpe: number | null;
  oos_sharpe: number | null;
  oos_median_sharpe: number | null;
  oos_return: number;
  oos_trades: number;
  consistency: number;
  oos_is_ratio: number | null;
  combo_score: number | null;
  error: string | null;
}

/** One finished (pair, tf, strategy) as stored: the summary row must carry id, pair, tf, strategy, grade, score. */
export interface StoredResult {
  id: string;
  row: { id: string; pair: string; tf: string; strategy: string; grade: string; score: number; sharpe: number; trades: number; dsr: number | null; params: unknown };
  detail: unknown;
  candidate: unknown;
  combos: StoredComboRow[];
}

export interface ResultsDb {
  /** The cached result of an input hash, or null. */
  cached(inputHash: string): Promise<StoredResult | null>;
  /** Stores a result of `runId` (marks it latest for its pair/tf/strategy) and its combos; caches it unless reused. */
  saveResult(runId: string, result: StoredResult, inputHash: string, reused: boolean, createdAt: string): Promise<void>;
  saveRun(run: RunRecord): Promise<void>;
  /** Plain rows of a query (tests, report). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

function appendNullable(appender: DuckDBAppender, value: number | null): void {
  if (value === null || !Number.isFinite(value)) appender.appendNull();
  else appender.appendDouble(value);
}

async function appendCombos(connection: DuckDBConnection, runId: string, result: StoredResult): Promise<void> {
  const appender = await connection.createAppender('combo_results');
  try {
    for (const combo of result.combos) {
      for (const text of [runId, result.id, result.row.pair, result.row.tf, result.row.strategy, combo.key, JSON.stringify(combo.params)]) appender.appendVarchar(text);
      appendNullable(appender, combo.is_sharpe);
      appendNullable(appender, combo.oos_sharpe);
      appendNullable(appender, combo.oos_median_sharpe);
      appendNullable(appender, combo.oos_return);
      appender.appendInteger(combo.oos_trades);
      appendNullable(appender, combo.consistency);
      appendNullable(appender, combo.oos_is_ratio);
      appendNullable(appender, combo.combo_score);
      if (combo.error === null) appender.appendNull();
      else appender.appendVarchar(combo.error);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

/** Opens (creating when needed) the results DB file and its tables. */
export async function openResultsDb(file: string): Promise<ResultsDb> {
  await mkdir(dirname(file), { recursive: true });
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  for (const statement of SCHEMA) await connection.run(statement);
  return {
    async cached(inputHash) {
      const reader = await connection.runAndReadAll('SELECT payload FROM result_cache WHERE input_hash = $1', [inputHash]);
      const rows = reader.getRowObjectsJS();
      return rows.length === 0 ? null : (JSON.parse(String(rows[0].payload)) as StoredResult);
    },
    async saveResult(runId, result, inputHash, reused, createdAt) {
      const { row } = result;
      await connection.run('BEGIN TRANSACTION');
      try {
        await connection.run('UPDATE results SET is_latest = false WHERE pair = $1 AND tf = $2 AND strategy = $3 AND is_latest', [row.pair, row.tf, row.strategy]);
        await connection.run(
          'INSERT INTO results VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, true, $15)',
          [runId, result.id, row.pair, row.tf, row.strategy, row.grade, row.score, row.sharpe, row.trades, row.dsr, JSON.stringify(row.params),
            JSON.stringify(row), inputHash, reused, createdAt],
        );
        await appendCombos(connection, runId, result);
        if (!reused) {
          await connection.run('INSERT OR REPLACE INTO result_cache VALUES ($1, $2, $3)', [inputHash, createdAt, JSON.stringify(result)]);
        }
        await connection.run('COMMIT');
      } catch (error) {
        await connection.run('ROLLBACK');
        throw error;
      }
    },
    async saveRun(run) {
      await connection.run('INSERT OR REPLACE INTO runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', [
        run.run_id, run.created_at, run.config_hash, run.exchange, run.simulated, run.jobs, run.rows, run.reused,
        run.failures.length, run.duration_ms, JSON.stringify(run.failures),
      ]);
    },
    async query(sql) {
      return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
