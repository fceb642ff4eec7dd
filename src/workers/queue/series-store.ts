/**
 * Candle series in Redis, so no machine needs the coordinator's data_dir: the coordinator puts each series' six
 * float64 columns once under its data hash (a hash key with one binary field per column, expiring
 * `dataTtlSeconds` after the last run that needed it), and a worker reads it back and checks the hash before
 * researching anything on it.
 */
import { endianness } from 'node:os';
import type { Redis } from 'ioredis';
import { allocateCandles, CANDLE_COLUMNS, DataIntegrityError, type Candles } from '../../core/index.js';
import { candlesHash } from '../../research/index.js';
import { seriesKey } from './queue-names.js';

const BYTE_ORDER = endianness();

/** Puts the columns under `dataHash` unless they are there already; either way they expire `ttlSeconds` from now. */
export async function putSeries(redis: Redis, dataHash: string, candles: Candles, ttlSeconds: number): Promise<void> {
  const key = seriesKey(dataHash);
  if ((await redis.expire(key, ttlSeconds)) === 1) return;
  const fields: Record<string, Buffer | string> = { bars: String(candles.close.length), byte_order: BYTE_ORDER };
  for (const column of CANDLE_COLUMNS) {
    const values = candles[column];
    fields[column] = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  }
  await redis.multi().hset(key, fields).expire(key, ttlSeconds).exec();
}

/** Reads the series `dataHash` back; throws DataIntegrityError when it is missing, malformed or not what its hash says. */
export async function fetchSeries(redis: Redis, dataHash: string): Promise<Candles> {
  const key = seriesKey(dataHash);
  const fields = await redis.hgetallBuffer(key);
  if (fields.bars === undefined) {
    throw new DataIntegrityError(key, 'the series is not in Redis (expired, evicted or flushed); run the backtest again: the coordinator puts it back');
  }
  const bars = Number(fields.bars.toString());
  if (fields.byte_order?.toString() !== BYTE_ORDER) {
    throw new DataIntegrityError(key, `stored in ${fields.byte_order?.toString()} byte order, this worker is ${BYTE_ORDER}; run workers on machines of the coordinator's byte order`);
  }
  const candles = allocateCandles(bars);
  for (const column of CANDLE_COLUMNS) {
    const bytes = fields[column];
    if (bytes === undefined || bytes.length !== bars * Float64Array.BYTES_PER_ELEMENT) {
      throw new DataIntegrityError(key, `column ${column} holds ${bytes?.length ?? 0} bytes, expected ${bars * Float64Array.BYTES_PER_ELEMENT}`);
    }
    new Uint8Array(candles[column].buffer, candles[column].byteOffset, candles[column].byteLength).set(bytes);
  }
  const actual = candlesHash(candles);
  if (actual !== dataHash) throw new DataIntegrityError(key, `the stored columns hash to ${actual}, not ${dataHash}: the copy is damaged; delete the key and run the backtest again`);
  return candles;
}
