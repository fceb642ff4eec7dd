import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { CANDLE_COLUMNS, type CandleColumn } from '../../core/candles.js';
import { UsageError } from '../../core/errors.js';
import { isTimeframe, TIMEFRAMES } from '../../core/timeframe.js';
import { importCandles, type ImportReport } from '../../data/import-candles.js';
import { loadContext } from '../load-context.js';
import { print, printJson } from '../output.js';
import { parsePairItem } from '../parse-pairs.js';
import { createProgress } from '../progress.js';

const FORMATS = ['auto', 'csv', 'parquet'] as const;
const TIME_UNITS = ['auto', 'ms', 's', 'us', 'ns', 'iso'] as const;
/** Files at least this large show a progress bar. */
const PROGRESS_BYTES = 20 * 1024 * 1024;

/** --columns timestamp=open_time,volume=Volume BTC -> { timestamp: 'open_time', volume: 'Volume BTC' }. */
function parseColumns(value: string | undefined): Partial<Record<CandleColumn, string>> | undefined {
  if (value === undefined) return undefined;
  const mapping: Partial<Record<CandleColumn, string>> = {};
  for (const item of value.split(',')) {
    const [field, name] = item.split('=').map((part) => part.trim());
    if (!(CANDLE_COLUMNS as readonly string[]).includes(field) || !name) {
      throw new UsageError(`--columns: "${item}" is not FIELD=COLUMN with FIELD one of ${CANDLE_COLUMNS.join(', ')} (COLUMN: a header name or a 1-based position)`);
    }
    mapping[field as CandleColumn] = name;
  }
  return mapping;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly unknown[]).includes(value)) throw new UsageError(`${flag}: "${String(value)}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

function printReport(report: ImportReport): void {
  const iso = (ms: number) => new Date(ms).toISOString();
  const span = report.first === null ? 'no candles' : `${iso(report.first)} -> ${iso(report.last ?? report.first)}`;
  print(`imported ${report.pair} ${report.tf} into ${relative(process.cwd(), report.file)}: read ${report.read} rows from ${report.inputs.length} file(s), ` +
    `added ${report.added}, now ${report.rows} candles (${span})`);
  print(`duplicates dropped ${report.duplicates}, conflicting duplicates ${report.conflicting}, refused ${report.refused}, gaps ${report.gaps} (${report.missing} missing candles, recorded in data/manifest.json)`);
  for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
}

/**
 * `scalp import FILE... --pair P --tf TF`: validates every file first (nothing is written when one is bad), then
 * merges the candles into the store like a backfill and records them in the manifest. Exit 2 for bad flags, 3 for
 * a file that cannot be read as candles.
 */
export default async function importCommand(options: Record<string, unknown>): Promise<number> {
  const config = loadContext(options);
  const files = (options.args as string[] | undefined) ?? [];
  if (files.length === 0) throw new UsageError('import: name at least one CSV or Parquet file, e.g. scalp import BTCUSDT-1h.csv --pair BTC/USDT --tf 1h');
  if (typeof options.pair !== 'string') throw new UsageError('import: --pair is required, e.g. --pair BTC/USDT (or BTC/USDT:USDT with --market swap)');
  if (typeof options.tf !== 'string' || !isTimeframe(options.tf)) throw new UsageError(`import: --tf is required, one of ${TIMEFRAMES.join(', ')}; found "${String(options.tf ?? '')}"`);
  const tf = options.tf;
  const market = oneOf(options.market, ['spot', 'swap'] as const, '--market') ?? config.runtime.market;
  let pair: string;
  try {
    pair = parsePairItem(options.pair, { quote: config.runtime.quote, market, configFile: config.configFile });
  } catch (error) {
    throw new UsageError((error as Error).message.replace('--pairs', '--pair'));
  }
  const format = oneOf(options.format, FORMATS, '--format') ?? 'auto';
  const timeUnit = oneOf(options.timeUnit, TIME_UNITS, '--time-unit') ?? 'auto';
  const columns = parseColumns(options.columns as string | undefined);
  const total = files.reduce((sum, file) => sum + (statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0);
  const progress = total >= PROGRESS_BYTES && !options.json ? createProgress('import', Math.ceil(total / 1024 / 1024)) : undefined;
  let before = 0;
  const report = await importCandles({
    dataDir: config.paths.dataDir, files, pair, tf, format, csvMirror: config.runtime.csv_mirror,
    table: { columns, timeUnit, ...(options.header === false ? { header: false } : {}) },
    onProgress: ({ file, done, total: size }) => {
      if (done === size) before += size;
      progress?.update(Math.floor((before + (done === size ? 0 : done)) / 1024 / 1024), `MB ${relative(process.cwd(), file)}`);
    },
  });
  progress?.stop();
  if (options.json) printJson(report);
  else printReport(report);
  if (!config.runtime.tf_list.includes(tf)) process.stderr.write(`note: ${tf} is not in runtime.tf_list (${config.runtime.tf_list.join(', ')}): status, backtest and the loop only follow those\n`);
  return 0;
}
