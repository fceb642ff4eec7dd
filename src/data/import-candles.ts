/**
 * `scalp import`: candles the user already has (exchange dumps, other tools' CSV or Parquet) brought into the
 * store like a backfill would: every file read and checked before anything is written (timestamps on the
 * timeframe's grid, the timeframe right), rows sorted and de-duplicated, impossible candles refused and recorded
 * in the manifest (never stored), merged into data/ohlcv/<PAIR>/<TF>.parquet (marked real: simulated=false)
 * under its lock, with the gaps recorded in data/manifest.json.
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { CANDLE_COLUMNS, allocateCandles, candleCount, type Candles } from '../core/candles.js';
import { DataIntegrityError, UsageError } from '../core/errors.js';
import type { PairSymbol } from '../core/pair.js';
import { TIMEFRAMES, timeframeMs, type Timeframe } from '../core/timeframe.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { csvMirrorPath } from './_backfill-existing.js';
import { backfillWarnings, FetchedCandles, mergeQuarantinedRows } from './_backfill-records.js';
import { readCandleCsvFile, readCandleParquetFile, type TableReadOptions } from './_import-table.js';
import { isoTime } from './_validate-candles.js';
import { formatCandlesCsv } from './csv-candles.js';
import { assessCandles } from './data-quality.js';
import { changeManifestEntry, manifestPath } from './manifest.js';
import { appendCandles, ohlcvPath, readCandleMeta, readCandles } from './ohlcv-store.js';

export interface ImportOptions {
  readonly dataDir: string;
  readonly files: readonly string[];
  readonly pair: PairSymbol;
  readonly tf: Timeframe;
  /** 'auto' (default): by extension, .parquet -> parquet, anything else csv. */
  readonly format?: 'auto' | 'csv' | 'parquet';
  readonly table?: Omit<TableReadOptions, 'onProgress'>;
  /** Also write the `<TF>.csv` mirror (runtime.csv_mirror). */
  readonly csvMirror?: boolean;
  readonly onProgress?: (progress: { file: string; done: number; total: number }) => void;
}

export interface ImportReport {
  readonly pair: PairSymbol;
  readonly tf: Timeframe;
  /** The store file written. */
  readonly file: string;
  /** Rows read per input file. */
  readonly inputs: { file: string; rows: number }[];
  readonly read: number;
  /** Rows repeating a timestamp with the same values (dropped), and with other values (the later file/row wins). */
  readonly duplicates: number;
  readonly conflicting: number;
  /** Candles breaking a rule (price <= 0, high below the body...): recorded in the manifest, never stored. */
  readonly refused: number;
  /** Candles the store gained, and how many it holds now. */
  readonly added: number;
  readonly rows: number;
  readonly first: number | null;
  readonly last: number | null;
  readonly gaps: number;
  readonly missing: number;
  readonly warnings: string[];
}

async function readInput(file: string, options: ImportOptions): Promise<Candles> {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const format = options.format && options.format !== 'auto' ? options.format : extname(file).toLowerCase() === '.parquet' ? 'parquet' : 'csv';
  const onProgress = options.onProgress ? (done: number, total: number) => options.onProgress?.({ file, done, total }) : undefined;
  const candles = format === 'parquet' ? await readCandleParquetFile(file, options.table) : readCandleCsvFile(file, { ...options.table, onProgress });
  if (candleCount(candles) === 0) throw new DataIntegrityError(file, 'holds no candles; nothing was imported');
  return candles;
}

/** Every timestamp a whole millisecond on the timeframe's UTC grid; the first that is not throws naming the row. */
function checkGrid(file: string, candles: Candles, tf: Timeframe): void {
  const step = timeframeMs(tf);
  const index = candles.timestamp.findIndex((t) => !Number.isInteger(t) || t % step !== 0);
  if (index < 0) return;
  const t = candles.timestamp[index];
  throw new DataIntegrityError(
    file,
    `row ${index + 1}: timestamp ${t} (${isoTime(t)}) is not a candle open time of the ${tf} grid (UTC); check --tf, or --time-unit if the times are not epoch milliseconds`,
  );
}

/** Rows of all inputs sorted by time; of rows sharing a timestamp the last (later file, later row) wins. */
function sortAndDeduplicate(inputs: readonly Candles[]): { candles: Candles; duplicates: number; conflicting: number } {
  const total = inputs.reduce((sum, candles) => sum + candleCount(candles), 0);
  const all = allocateCandles(total);
  let offset = 0;
  for (const candles of inputs) {
    for (const name of CANDLE_COLUMNS) all[name].set(candles[name], offset);
    offset += candleCount(candles);
  }
  const order = new Uint32Array(total).map((_, i) => i).sort((a, b) => all.timestamp[a] - all.timestamp[b] || a - b);
  const kept: number[] = [];
  let duplicates = 0;
  let conflicting = 0;
  for (let k = 0; k < total; k++) {
    const row = order[k];
    const next = order[k + 1];
    if (next !== undefined && all.timestamp[next] === all.timestamp[row]) {
      if (CANDLE_COLUMNS.every((name) => Object.is(all[name][next], all[name][row]))) duplicates++;
      else conflicting++;
      continue;
    }
    kept.push(row);
  }
  const candles = allocateCandles(kept.length);
  for (const name of CANDLE_COLUMNS) for (let k = 0; k < kept.length; k++) candles[name][k] = all[name][kept[k]];
  return { candles, duplicates, conflicting };
}

/** Most candles more than one timeframe apart mean the --tf is wrong (every step would be recorded as a gap). */
function checkSpacing(candles: Candles, tf: Timeframe, files: readonly string[]): void {
  const step = timeframeMs(tf);
  const steps = new Map<number, number>();
  for (let i = 1; i < candles.timestamp.length; i++) {
    const delta = candles.timestamp[i] - candles.timestamp[i - 1];
    steps.set(delta, (steps.get(delta) ?? 0) + 1);
  }
  const [common, count] = [...steps.entries()].sort((a, b) => b[1] - a[1])[0] ?? [step, 0];
  if (common === step || count * 2 <= candles.timestamp.length - 1) return;
  const match = TIMEFRAMES.find((candidate) => timeframeMs(candidate) === common);
  throw new DataIntegrityError(
    files.join(', '),
    `most candles are ${common / 60_000} minutes apart, not ${tf}: ${match ? `import them with --tf ${match}` : 'check --tf'} (each step would be recorded as a gap)`,
  );
}

/** Reads and checks every input, then merges the candles into the store and records them in the manifest. */
export async function importCandles(options: ImportOptions): Promise<ImportReport> {
  const { dataDir, pair, tf } = options;
  if (options.files.length === 0) throw new UsageError('import: give at least one file');
  const inputs: Candles[] = [];
  for (const file of options.files) {
    const candles = await readInput(file, options);
    checkGrid(file, candles, tf);
    inputs.push(candles);
  }
  const { candles: incoming, duplicates, conflicting } = sortAndDeduplicate(inputs);
  checkSpacing(incoming, tf, options.files);
  const file = ohlcvPath(dataDir, pair, tf);
  const existing = existsSync(file) ? await readCandleMeta(file) : undefined;
  if (existing?.simulated) {
    throw new UsageError(
      `${file} holds simulated candles (source ${existing.source ?? 'sim'}); importing real ones into it would mix the two: ` +
        'move that file away (or use another data_dir) and import again',
    );
  }
  const before = existing ? candleCount(await readCandles(file)) : 0;
  const refused = new FetchedCandles();
  const merged = await appendCandles(file, incoming, { pair, tf, source: 'import', simulated: false }, { onRefused: (rows) => refused.refuse(rows) });
  if (options.csvMirror) await writeFileAtomic(csvMirrorPath(file), formatCandlesCsv(merged));
  const quality = assessCandles(merged, tf);
  await changeManifestEntry(dataDir, pair, tf, (current) => ({
    ...current,
    pair, tf,
    rows: quality.rows, first: quality.first, last: quality.last, gaps: quality.gaps,
    missing_total: quality.missing_total, zero_volume: quality.zero_volume,
    last_fetch: current?.last_fetch ?? null,
    source: current && current.source !== 'import' ? current.source : 'import',
    simulated: false,
    unfilled_gaps: quality.gaps,
    quarantined_rows: mergeQuarantinedRows(current?.quarantined_rows ?? [], refused.refused),
  }));
  const warnings = backfillWarnings(pair, tf, manifestPath(dataDir), refused.refused, []);
  if (conflicting > 0) warnings.push(`${pair} ${tf}: ${conflicting} rows repeated a timestamp with other values; the later one was kept`);
  return {
    pair, tf, file,
    inputs: options.files.map((input, i) => ({ file: input, rows: candleCount(inputs[i]) })),
    read: inputs.reduce((sum, candles) => sum + candleCount(candles), 0),
    duplicates, conflicting, refused: refused.refused.length,
    added: quality.rows - before, rows: quality.rows, first: quality.first, last: quality.last,
    gaps: quality.gaps.length, missing: quality.missing_total, warnings,
  };
}
