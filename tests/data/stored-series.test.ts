import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/config/app-config.js';
import { candlesFromRows, candleRows } from '../../src/core/candles.js';
import { UsageError } from '../../src/core/errors.js';
import { createExchange } from '../../src/data/create-exchange.js';
import { formatCandlesCsv } from '../../src/data/csv-candles.js';
import { importCandles } from '../../src/data/import-candles.js';
import { refreshStoredWatchlist, storedPairs } from '../../src/data/stored-series.js';
import { readWatchlist } from '../../src/data/watchlist.js';
import { randomWalk } from '../helpers/random-walk.js';

async function storeWithImports(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'scalp-stored-'));
  writeFileSync(join(dir, 'config.yaml'), 'runtime:\n  data_dir: data\n  exchange: none\n  tf_list: [1h]\n');
  const imports = [
    ['BTC/USDT', '1h', 1], ['BTC/USDT', '1m', 2], ['ETH/USDT:USDT', '1h', 3],
  ] as const;
  for (const [pair, tf, seed] of imports) {
    const step = tf === '1h' ? 3_600_000 : 60_000;
    const rows = candleRows(randomWalk(500, seed, { stepMs: step, startMs: Date.UTC(2023, 0, 1), volumeSpread: 5 }));
    const file = join(dir, `${seed}.csv`);
    writeFileSync(file, formatCandlesCsv(candlesFromRows(rows)));
    await importCandles({ dataDir: join(dir, 'data'), files: [file], pair, tf });
  }
  return dir;
}

describe('runtime.exchange: none', () => {
  it('is an exchange of the stored pairs that fetches nothing', async () => {
    const dir = await storeWithImports();
    const exchange = await createExchange(loadAppConfig(join(dir, 'config.yaml')));
    expect([exchange.id, exchange.simulated]).toEqual(['none', false]);
    expect(await exchange.loadMarkets()).toEqual([
      { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', type: 'spot', active: true },
      { symbol: 'ETH/USDT:USDT', base: 'ETH', quote: 'USDT', type: 'swap', active: true },
    ]);
    const error = await exchange.fetchOHLCV('BTC/USDT', '1h', 0, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/exchange "none" fetches nothing .*scalp import/);
    expect(await storedPairs(join(dir, 'data'))).toEqual(new Map([['BTC/USDT', ['1h', '1m']], ['ETH/USDT:USDT', ['1h']]]));
  });

  it('takes every stored pair (any market) as the watchlist, by the quote volume of its last stored day', async () => {
    const dir = await storeWithImports();
    const written = await refreshStoredWatchlist(join(dir, 'data'), 'spot', 'USDT', Date.UTC(2026, 0, 1));
    expect(await readWatchlist(join(dir, 'data'))).toEqual(written);
    expect(written).toMatchObject({ exchange: 'none', simulated: false, taken_at: '2026-01-01T00:00:00.000Z' });
    expect(written.pairs.map((p) => p.symbol).sort()).toEqual(['BTC/USDT', 'ETH/USDT:USDT']);
    expect(written.pairs.every((p) => p.quote_volume > 0)).toBe(true);
  });
});
