import { type Stats, readFileSync, statSync } from 'node:fs';
import { CANDLE_COLUMNS, type Candles, candleCount } from '../core/candles.js';
import { writeFileAtomic } from '../io/atomic-write.js';

/**
 * The columnar cache beside a candle Parquet file (`<file>.cols`): one raw little-endian file that loads with one
 * read and no parsing. Layout: a 64-byte header, then the 6 float64 columns one after the other.
 *
 * | offset | field |
 * |---|---|
 * | 0 | magic `SCALPCOL` |
 * | 8 | u32 version (1), u32 column count (6) |
 * | 16 | f64 rows |
 * | 24 | f64 Parquet size, f64 Parquet mtimeMs, f64 Parquet inode (which Parquet the cache was built from) |
 * | 48 | reserved (zeros) |
 *
 * A cache whose Parquet fingerprint differs, or whose bytes do not add up, is ignored and rebuilt.
 */
const MAGIC = 'SCALPCOL';
const VERSION = 1;
const HEADER_BYTES = 64;
const COLUMN_COUNT = CANDLE_COLUMNS.length;

/** Identifies one version of the Parquet file: an atomic rewrite changes at least the inode. */
export interface SourceFingerprint {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

export function cachePathFor(parquetFile: string): string {
  return `${parquetFile}.cols`;
}

export function fingerprintOf(stats: Stats): SourceFingerprint {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
}

/**
 * Loads the cache of `parquetFile` if it was built from exactly `source`; otherwise (missing, stale, corrupt)
 * returns undefined. The columns are Float64Array views on the one buffer read from disk (no copy).
 */
export function readCandleCache(parquetFile: string, source: SourceFingerprint): Candles | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cachePathFor(parquetFile));
  } catch {
    return undefined;
  }
  if (bytes.byteLength < HEADER_BYTES || bytes.toString('latin1', 0, 8) !== MAGIC) return undefined;
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const rows = header.getFloat64(16, true);
  const matches =
    header.getUint32(8, true) === VERSION &&
    header.getUint32(12, true) === COLUMN_COUNT &&
    Number.isInteger(rows) &&
    bytes.byteLength === HEADER_BYTES + rows * 8 * COLUMN_COUNT &&
    header.getFloat64(24, true) === source.size &&
    header.getFloat64(32, true) === source.mtimeMs &&
    header.getFloat64(40, true) === source.ino;
  if (!matches) return undefined;
  // Small reads come from Node's shared pool and may sit at an offset that Float64Array cannot view: copy those.
  const aligned = (bytes.byteOffset + HEADER_BYTES) % 8 === 0;
  const buffer = aligned ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const base = aligned ? bytes.byteOffset + HEADER_BYTES : HEADER_BYTES;
  const column = (c: number) => new Float64Array(buffer, base + c * rows * 8, rows);
  return { timestamp: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
}

/** Writes the cache of `parquetFile` atomically, stamped with the fingerprint of the Parquet it was read from. */
export async function writeCandleCache(parquetFile: string, source: SourceFingerprint, candles: Candles): Promise<void> {
  const rows = candleCount(candles);
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set(Buffer.from(MAGIC, 'latin1'), 0);
  view.setUint32(8, VERSION, true);
  view.setUint32(12, COLUMN_COUNT, true);
  view.setFloat64(16, rows, true);
  view.setFloat64(24, source.size, true);
  view.setFloat64(32, source.mtimeMs, true);
  view.setFloat64(40, source.ino, true);
  const parts = [header, ...CANDLE_COLUMNS.map((name) => littleEndianBytes(candles[name]))];
  await writeFileAtomic(cachePathFor(parquetFile), parts);
}

/**
 * Candles of `parquetFile` through its cache: a warm cache is one file read; otherwise `load()` reads the Parquet
 * and the cache is rebuilt. The Parquet is fingerprinted before loading, so a file replaced meanwhile leaves a
 * cache that the next read sees as stale, never a cache that lies. A cache that cannot be written is skipped.
 */
export async function loadCandlesCached(parquetFile: string, load: () => Promise<Candles>): Promise<Candles> {
  const source = fingerprintOf(statSync(parquetFile));
  const cached = readCandleCache(parquetFile, source);
  if (cached) return cached;
  const candles = await load();
  await writeCandleCache(parquetFile, source, candles).catch(() => undefined);
  return candles;
}

function littleEndianBytes(column: Float64Array): Uint8Array {
  if (!LITTLE_ENDIAN) throw new Error('candle cache: big-endian machines are not supported');
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
