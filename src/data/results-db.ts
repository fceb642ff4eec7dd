/**
 * The results DB (DuckDB file, `data/results.duckdb`): runs, results (one row per pair/tf/strategy/run with
 * is_latest), combo_trials (every combo tested, a diagnostic for heatmaps), forward_bars / forward_trades (the
 * paper record of every promotion, see _forward-tables.ts) and evidence_cache (a candidate's
 * research evidence by input hash, so an unchanged job is reused and only re-graded with its family: the rows
 * index it, the JSON payloads live in files beside the DB, see _evidence-files.ts; rows of older runs may still
 * hold theirs in `payload`). One writer: the backtest run opens it, writes, and closes it.
 *
 * Tables of the first layout (combo_results with combo_score, result_cache of graded rows) are kept as they were,
 * renamed *_v1 on open: nothing is deleted, and nothing new is read from them.
 *
 * The evidence cache is a cache: every run writes new entries (new candles, new hash), so an entry no run has
 * written or reused for CACHE_RETENTION_HOURS is dropped when a run is saved, or the file would grow by megabytes
 * a cycle.
 */
import type { ComboRow } from '../config/combo-row.js';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { evidenceFolder, hasEvidenceFile, readEvidenceFile, removeEvidenceFilesExcept, writeEvidenceFiles } from './_evidence-files.js';
import { FORWARD_SCHEMA, readForwardBars, writeForward, type ForwardBars, type ForwardTrade } from './_forward-tables.js';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, created_at VARCHAR, config_hash VARCHAR, exchange VARCHAR,
     simulated BOOLEAN, jobs INTEGER, rows INTEGER, reused INTEGER, failures INTEGER, duration_ms DOUBLE, failures_json VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS results (run_id VARCHAR, id VARCHAR, pair VARCHAR, tf VARCHAR, strategy VARCHAR, grade VARCHAR,
     score DOUBLE, sharpe DOUBLE, trades INTEGER, dsr DOUBLE, params VARCHAR, row_json VARCHAR, input_hash VARCHAR,
     reused BOOLEAN, is_latest BOOLEAN, created_at VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS combo_trials (run_id VARCHAR, result_id VARCHAR, pair VARCHAR, tf VARCHAR, strategy VARCHAR,
     combo_key VARCHAR, params VARCHAR, is_sharpe DOUBLE, oos_sharpe DOUBLE, oos_return DOUBLE, oos_trades INTEGER,
     windows_chosen INTEGER, error VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS evidence_cache (input_hash VARCHAR PRIMARY KEY, created_at VARCHAR, last_used_at VARCHAR, payload VARCHAR)`,
  `CREATE TEMP TABLE IF NOT EXISTS batch_keys (pair VARCHAR, tf VARCHAR, strategy VARCHAR)`,
  `CREATE TEMP TABLE IF NOT EXISTS batch_cache (input_hash VARCHAR, created_at VARCHAR, last_used_at VARCHAR, payload VARCHAR)`,
  `CREATE TEMP TABLE IF NOT EXISTS batch_used (input_hash VARCHAR)`,
];

export { evidenceFolder } from './_evidence-files.js';

/** How long an evidence cache entry no run has used is kept. */
export const CACHE_RETENTION_HOURS = 24;

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


/** One finished (pair, tf, strategy) as stored: the summary row must carry id, pair, tf, strategy, grade, score. */
export interface StoredResult {
  id: string;
  row: { id: string; pair: string; tf: string; strategy: string; grade: string; score: number; sharpe: number; trades: number; dsr: number | null; params: unknown };
  detail: unknown;
  candidate: unknown;
  combos: ComboRow[];
}

/** One result of a batch write (`saveResults`): the graded result, and the evidence it was graded from (cached). */
export interface ResultToSave {
  result: StoredResult;
  evidence?: unknown;
  inputHash: string;
  reused: boolean;
}

export interface ResultsDb {
  /** The cached research evidence of an input hash, or null. */
  cachedEvidence(inputHash: string): Promise<unknown | null>;
  /** Whether the cache holds evidence of an input hash (without reading it). */
  hasCachedEvidence(inputHash: string): Promise<boolean>;
  /**
   * Stores every result of a run in ONE transaction (appenders, one UPDATE for the latest flags): what a run
   * should call once instead of `saveResult` per result. When a pair/tf/strategy appears twice, the last is latest.
   */
  saveResults(runId: string, results: readonly ResultToSave[], createdAt: string): Promise<void>;
  saveRun(run: RunRecord): Promise<void>;
  /** Writes the forward (paper) record of one promotion: new bars appended, the provisional last one rewritten. */
  saveForward(promotion: string, bars: ForwardBars, trades: readonly ForwardTrade[]): Promise<{ written: number }>;
  /** The stored forward bars of one promotion (equity per bar, returns between bars). */
  forwardBars(promotion: string): Promise<{ times: number[]; equity: number[]; returns: number[] }>;
  /** Plain rows of a query (tests, report). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

function appendNullable(appender: DuckDBAppender, value: number | null): void {
  if (value === null || !Number.isFinite(value)) appender.appendNull();
  else appender.appendDouble(value);
}

async function appendCombos(connection: DuckDBConnection, runId: string, result: StoredResult): Promise<void> {
  const appender = await connection.createAppender('combo_trials');
  try {
    for (const combo of result.combos) {
      for (const text of [runId, result.id, result.row.pair, result.row.tf, result.row.strategy, combo.key, JSON.stringify(combo.params)]) appender.appendVarchar(text);
      appendNullable(appender, combo.is_sharpe);
      appendNullable(appender, combo.oos_sharpe);
      appendNullable(appender, combo.oos_return);
      appender.appendInteger(combo.oos_trades);
      appender.appendInteger(combo.windows_chosen);
      if (combo.error === null) appender.appendNull();
      else appender.appendVarchar(combo.error);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

/** The results of one pair/tf/strategy key, in order: only the last of a batch is marked latest. */
function resultKey(row: StoredResult['row']): string {
  return `${row.pair}\u0000${row.tf}\u0000${row.strategy}`;
}

/** Appends rows to `table`; numbers are DOUBLE except in the `integerColumns` positions; null / non-finite -> NULL. */
async function appendRows(
  connection: DuckDBConnection,
  table: string,
  rows: readonly (readonly (string | number | boolean | null)[])[],
  integerColumns: readonly number[] = [],
): Promise<void> {
  const appender = await connection.createAppender(table);
  try {
    for (const row of rows) {
      for (let column = 0; column < row.length; column++) {
        const value = row[column];
        if (value === null || (typeof value === 'number' && !Number.isFinite(value))) appender.appendNull();
        else if (typeof value === 'string') appender.appendVarchar(value);
        else if (typeof value === 'boolean') appender.appendBoolean(value);
        else if (integerColumns.includes(column)) appender.appendInteger(value);
        else appender.appendDouble(value);
      }
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

/**
 * The evidence payload files first (atomically), then one transaction: clear older latest flags with one UPDATE,
 * append results and combos, upsert the cache index; then the files of expired entries go.
 */
async function saveBatch(connection: DuckDBConnection, evidenceDir: string, runId: string, batch: readonly ResultToSave[], createdAt: string): Promise<void> {
  if (batch.length === 0) return;
  const lastOfKey = new Map<string, number>();
  batch.forEach(({ result }, index) => lastOfKey.set(resultKey(result.row), index));
  const cache = new Map<string, string>();
  for (const { evidence, inputHash, reused } of batch) if (!reused && evidence !== undefined) cache.set(inputHash, JSON.stringify(evidence));
  await writeEvidenceFiles(evidenceDir, cache);
  const used = batch.filter(({ reused }) => reused).map(({ inputHash }) => [inputHash]);
  const cutoff = new Date(Date.parse(createdAt) - CACHE_RETENTION_HOURS * 3_600_000).toISOString();
  await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run('DELETE FROM batch_keys');
    await connection.run('DELETE FROM batch_cache');
    await appendRows(connection, 'batch_keys', [...lastOfKey.keys()].map((key) => key.split('\u0000')));
    await connection.run(
      `UPDATE results SET is_latest = false FROM batch_keys k
       WHERE results.is_latest AND results.pair = k.pair AND results.tf = k.tf AND results.strategy = k.strategy`,
    );
    await appendRows(connection, 'results', batch.map(({ result, inputHash, reused }, index) => {
      const { row } = result;
      return [runId, result.id, row.pair, row.tf, row.strategy, row.grade, row.score, row.sharpe, row.trades, row.dsr, JSON.stringify(row.params),
        JSON.stringify(row), inputHash, reused, lastOfKey.get(resultKey(row)) === index, createdAt];
    }), [8]);
    for (const { result } of batch) await appendCombos(connection, runId, result);
    if (cache.size > 0) {
      await appendRows(connection, 'batch_cache', [...cache.keys()].map((hash) => [hash, createdAt, createdAt, null]));
      await connection.run('INSERT OR REPLACE INTO evidence_cache SELECT * FROM batch_cache');
    }
    await connection.run('DELETE FROM batch_used');
    await appendRows(connection, 'batch_used', used);
    await connection.run('UPDATE evidence_cache SET last_used_at = $1 FROM batch_used u WHERE evidence_cache.input_hash = u.input_hash', [createdAt]);
    await connection.run('DELETE FROM evidence_cache WHERE last_used_at < $1', [cutoff]);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
  const kept = (await connection.runAndReadAll('SELECT input_hash FROM evidence_cache')).getRowObjectsJS().map((row) => String(row.input_hash));
  await removeEvidenceFilesExcept(evidenceDir, new Set(kept));
}

/** Renames the first layout's combo_results / result_cache to *_v1 (kept, never read again). */
async function keepFirstLayout(connection: DuckDBConnection): Promise<void> {
  const tables = (await connection.runAndReadAll("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).getRowObjectsJS();
  const names = new Set(tables.map((row) => String(row.table_name)));
  for (const old of ['combo_results', 'result_cache']) {
    if (names.has(old) && !names.has(`${old}_v1`)) await connection.run(`ALTER TABLE ${old} RENAME TO ${old}_v1`);
  }
}

/** Opens (creating when needed) the results DB file and its tables. */
export async function openResultsDb(file: string): Promise<ResultsDb> {
  await mkdir(dirname(file), { recursive: true });
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await keepFirstLayout(connection);
  for (const statement of [...SCHEMA, ...FORWARD_SCHEMA]) await connection.run(statement);
  const evidenceDir = evidenceFolder(file);
  /** The cache row of an input hash: whether it is there and whether its payload is in a file (else in the row). */
  async function cacheRow(inputHash: string, columns: string): Promise<Record<string, unknown> | undefined> {
    return (await connection.runAndReadAll(`SELECT ${columns} FROM evidence_cache WHERE input_hash = $1`, [inputHash])).getRowObjectsJS()[0];
  }
  return {
    async cachedEvidence(inputHash) {
      const row = await cacheRow(inputHash, 'payload');
      if (row === undefined) return null;
      // Rows of older runs hold their payload; a payload file that is gone reads as a miss.
      const payload = row.payload === null ? await readEvidenceFile(evidenceDir, inputHash) : String(row.payload);
      return payload === null ? null : (JSON.parse(payload) as unknown);
    },
    async hasCachedEvidence(inputHash) {
      const row = await cacheRow(inputHash, 'payload IS NULL AS in_file');
      return row !== undefined && (row.in_file !== true || (await hasEvidenceFile(evidenceDir, inputHash)));
    },
    saveResults(runId, results, createdAt) {
      return saveBatch(connection, evidenceDir, runId, results, createdAt);
    },
    async saveRun(run) {
      await connection.run('INSERT OR REPLACE INTO runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', [
        run.run_id, run.created_at, run.config_hash, run.exchange, run.simulated, run.jobs, run.rows, run.reused,
        run.failures.length, run.duration_ms, JSON.stringify(run.failures),
      ]);
    },
    saveForward: (promotion, bars, trades) => writeForward(connection, promotion, bars, trades),
    forwardBars: (promotion) => readForwardBars(connection, promotion),
    async query(sql) {
      return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
