/**
 * Reading other tools' candle tables (exchange dumps, CSV exports, Parquet files) into candle columns for
 * `scalp import`: columns found by header name (or mapped), timestamps in ms, s, us or ISO text, any order. The
 * standard `timestamp,open,high,low,close,volume` CSV takes csv-candles' exact fast path.
 */
import { readFileSync } from 'node:fs';
import { allocateCandles, CANDLE_COLUMNS, type CandleColumn, type Candles } from '../core/candles.js';
import { DataIntegrityError } from '../core/errors.js';
import { readDoubleColumns, sqlString, withConnection } from './_duckdb.js';
import { CANDLES_CSV_HEADER, parseCandlesCsv } from './csv-candles.js';

export type TimeUnit = 'auto' | 'ms' | 's' | 'us' | 'ns' | 'iso';

export interface TableReadOptions {
  /** Column of each candle field: a header name, or a 1-based position. Unmapped fields are found by name. */
  readonly columns?: Partial<Record<CandleColumn, string>>;
  /** The first row holds names (default: detected: a row with a non-number cell is a header). */
  readonly header?: boolean;
  readonly timeUnit?: TimeUnit;
  /** Called as the CSV text is parsed (bytes done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Header names each field is recognised by, in order of preference (compared lower-case, spaces as _). */
const ALIASES: Record<CandleColumn, readonly string[]> = {
  timestamp: ['timestamp', 'open_time', 'opentime', 'unix', 'time', 'ts', 't', 'date', 'datetime', 'date_time'],
  open: ['open', 'o', 'open_price'],
  high: ['high', 'h', 'high_price'],
  low: ['low', 'l', 'low_price'],
  close: ['close', 'c', 'close_price'],
  volume: ['volume', 'vol', 'v', 'base_volume', 'volume_base'],
};

const normalise = (name: string) => name.trim().replace(/^"|"$/g, '').toLowerCase().replace(/[\s-]+/g, '_');

/** Index of each field's column in `header`; a missing or ambiguous one throws naming the file and the candidates. */
export function mapColumns(header: readonly string[], source: string, mapping: TableReadOptions['columns'] = {}): number[] {
  const names = header.map(normalise);
  return CANDLE_COLUMNS.map((field) => {
    const wanted = mapping[field];
    if (wanted !== undefined) {
      const position = /^\d+$/.test(wanted) ? Number(wanted) - 1 : names.indexOf(normalise(wanted));
      if (position < 0 || position >= header.length) {
        throw new DataIntegrityError(source, `--columns ${field}=${wanted}: no such column; the columns are ${header.join(', ')}`);
      }
      return position;
    }
    for (const alias of ALIASES[field]) {
      const position = names.indexOf(alias);
      if (position >= 0) return position;
    }
    const candidates = header.filter((_, i) => names[i].startsWith(field === 'timestamp' ? 'time' : field));
    const hint = candidates.length > 1 ? `several columns could be it (${candidates.join(', ')}); choose one` : `the columns are ${header.join(', ')}`;
    throw new DataIntegrityError(source, `no ${field} column: ${hint} with --columns ${field}=NAME`);
  });
}

function splitLine(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}

function delimiterOf(line: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length] as const).sort((a, b) => b[1] - a[1]);
  return counts[0][0];
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Epoch ms of an ISO (or RFC) time cell; text without a zone is UTC. NaN when it cannot be read. */
function isoMs(cell: string): number {
  if (!/^\d{4}-\d\d-\d\d/.test(cell)) return Date.parse(cell);
  const iso = cell.includes('T') ? cell : cell.replace(' ', 'T');
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(iso) ? iso : `${iso}Z`);
}

/** The unit of numeric epoch timestamps from their size: seconds below 1e11, ms below 1e14, us below 1e17, else ns. */
function numericScale(first: number, unit: TimeUnit): number {
  const resolved = unit !== 'auto' ? unit : Math.abs(first) < 1e11 ? 's' : Math.abs(first) < 1e14 ? 'ms' : Math.abs(first) < 1e17 ? 'us' : 'ns';
  return { s: 1000, ms: 1, us: 0.001, ns: 0.000001, iso: 1, auto: 1 }[resolved];
}

function scaleTimestamps(candles: Candles, unit: TimeUnit): Candles {
  if (candles.timestamp.length === 0 || unit === 'iso') return candles;
  const scale = numericScale(candles.timestamp[0], unit);
  if (scale !== 1) for (let i = 0; i < candles.timestamp.length; i++) candles.timestamp[i] = Math.round(candles.timestamp[i] * scale);
  return candles;
}

/** Parses a candle CSV of any common layout; errors name the file and the line. Rows keep the file's order. */
export function parseCandleTable(bytes: Uint8Array, source: string, options: TableReadOptions = {}): Candles {
  const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
  const standard = text.slice(0, text.indexOf('\n') >>> 0).trim() === CANDLES_CSV_HEADER;
  if (standard && !options.columns && options.header !== false && (options.timeUnit ?? 'auto') !== 'iso') {
    try {
      const candles = parseCandlesCsv(bytes, source);
      options.onProgress?.(bytes.length, bytes.length);
      return scaleTimestamps(candles, options.timeUnit ?? 'auto');
    } catch {
      // not plain numbers (ISO times, empty cells...): the general reader below says where
    }
  }
  const lines = text.split(/\r?\n/);
  let start = 0;
  while (start < lines.length && splitLine(lines[start], delimiterOf(lines[start])).length < 5) start++; // a title line before the table
  if (start === lines.length) throw new DataIntegrityError(source, 'no table found: expected a header and rows of timestamp, open, high, low, close, volume');
  const delimiter = delimiterOf(lines[start]);
  const first = splitLine(lines[start], delimiter);
  const hasHeader = options.header ?? first.some((cell) => cell !== '' && Number.isNaN(Number(cell)) && Number.isNaN(Date.parse(cell)));
  const header = hasHeader ? first : first.map((_, i) => String(i + 1));
  const positions = hasHeader ? mapColumns(header, source, options.columns) : mapColumns(header, source, { timestamp: '1', open: '2', high: '3', low: '4', close: '5', volume: '6', ...options.columns });
  const rows = lines.length - start - (hasHeader ? 1 : 0);
  const candles = allocateCandles(rows);
  const columns = CANDLE_COLUMNS.map((name) => candles[name]);
  const unit = options.timeUnit ?? 'auto';
  const dataStart = start + (hasHeader ? 1 : 0);
  const iso = unit === 'iso' || (unit === 'auto' && !NUMBER.test(splitLine(lines[dataStart] ?? '', delimiter)[positions[0]] ?? '0'));
  let count = 0;
  let done = 0;
  for (let i = dataStart; i < lines.length; i++) {
    done += lines[i].length + 1;
    if (options.onProgress && i % 100_000 === 0) options.onProgress(done, bytes.length);
    if (lines[i].trim() === '') continue;
    const cells = splitLine(lines[i], delimiter);
    const cell = cells[positions[0]] ?? '';
    const timestamp = iso ? isoMs(cell) : NUMBER.test(cell) ? Number(cell) : Number.NaN;
    if (!Number.isFinite(timestamp)) {
      throw new DataIntegrityError(source, `line ${i + 1}: timestamp "${cells[positions[0]] ?? ''}" cannot be read; give --time-unit ms, s, us or iso`);
    }
    columns[0][count] = timestamp;
    for (let c = 1; c < 6; c++) {
      const value = cells[positions[c]];
      columns[c][count] = value === undefined || value === '' ? Number.NaN : Number(value);
    }
    count++;
  }
  options.onProgress?.(bytes.length, bytes.length);
  const trimmed = allocateCandles(count);
  for (const name of CANDLE_COLUMNS) trimmed[name].set(candles[name].subarray(0, count));
  return iso ? trimmed : scaleTimestamps(trimmed, unit);
}

/** Reads a CSV candle file (see parseCandleTable). */
export function readCandleCsvFile(file: string, options: TableReadOptions = {}): Candles {
  return parseCandleTable(readFileSync(file), file, options);
}

/** Reads a Parquet candle file through DuckDB: columns mapped like a CSV's header; TIMESTAMP columns become epoch ms. */
export async function readCandleParquetFile(file: string, options: TableReadOptions = {}): Promise<Candles> {
  return withConnection(async (connection) => {
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`);
    const schema = described.getRowObjectsJS() as { column_name: string; column_type: string }[];
    const positions = mapColumns(schema.map((row) => row.column_name), file, options.columns);
    const quoted = (i: number) => `"${schema[i].column_name.replaceAll('"', '""')}"`;
    const select = positions.map((position, c) => {
      if (c > 0) return `CAST(${quoted(position)} AS DOUBLE)`;
      return /TIMESTAMP|DATE/.test(schema[position].column_type) ? `CAST(epoch_ms(${quoted(position)}) AS DOUBLE)` : `CAST(${quoted(position)} AS DOUBLE)`;
    });
    const columns = await readDoubleColumns(connection, `SELECT ${select.join(', ')} FROM read_parquet(${sqlString(file)})`, (rows) => {
      const candles = allocateCandles(rows);
      return CANDLE_COLUMNS.map((name) => candles[name]);
    });
    const [timestamp, open, high, low, close, volume] = columns;
    const numericTime = !/TIMESTAMP|DATE/.test(schema[positions[0]].column_type);
    const candles = { timestamp, open, high, low, close, volume };
    return numericTime ? scaleTimestamps(candles, options.timeUnit ?? 'auto') : candles;
  });
}
