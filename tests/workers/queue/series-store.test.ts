import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataIntegrityError } from '../../../src/core/errors.js';
import { candlesHash } from '../../../src/research/index.js';
import { openRedis } from '../../../src/workers/queue/redis-connection.js';
import { seriesKey } from '../../../src/workers/queue/queue-names.js';
import { fetchSeries, putSeries } from '../../../src/workers/queue/series-store.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import { meanRevertingCandles } from '../../research/_synthetic-candles.js';

describe('series in Redis', () => {
  let server: RedisServer;
  let redis: Redis;
  const candles = meanRevertingCandles(1200, 3);
  const dataHash = candlesHash(candles);
  beforeAll(async () => {
    server = await startRedisServer();
    redis = openRedis(server.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('comes back column for column, bit for bit, and expires after the TTL it was given', async () => {
    await putSeries(redis, dataHash, candles, 600);
    const back = await fetchSeries(redis, dataHash);
    for (const column of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) expect(back[column]).toEqual(candles[column]);
    expect(candlesHash(back)).toBe(dataHash);
    expect(await redis.ttl(seriesKey(dataHash))).toBeGreaterThan(590);
  });

  it('is put once: a second put only renews its expiry', async () => {
    await redis.hset(seriesKey(dataHash), 'marker', 'kept');
    await putSeries(redis, dataHash, candles, 900);
    expect(await redis.hget(seriesKey(dataHash), 'marker')).toBe('kept');
    expect(await redis.ttl(seriesKey(dataHash))).toBeGreaterThan(890);
  });

  it('refuses a damaged copy: the columns must hash to the data hash', async () => {
    const damaged = meanRevertingCandles(1200, 3);
    damaged.close[600] *= 1.0000001;
    await redis.hset(seriesKey(dataHash), 'close', Buffer.from(damaged.close.buffer, damaged.close.byteOffset, damaged.close.byteLength));
    await expect(fetchSeries(redis, dataHash)).rejects.toThrow(DataIntegrityError);
    await expect(fetchSeries(redis, dataHash)).rejects.toThrow(new RegExp(`${seriesKey(dataHash)}: the stored columns hash to`));
  });

  it('says which key is missing and how to get it back', async () => {
    await expect(fetchSeries(redis, 'f'.repeat(32))).rejects.toThrow(/scalp:series:f{32}: the series is not in Redis.*run the backtest again/);
  });
});
