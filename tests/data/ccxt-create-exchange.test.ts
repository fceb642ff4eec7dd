import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/config/app-config.js';
import { ConfigError } from '../../src/core/errors.js';
import { backfillAll } from '../../src/data/backfill.js';
import { createExchange } from '../../src/data/create-exchange.js';
import { refreshWatchlist } from '../../src/data/watchlist.js';
import { startFakeBinance, type FakeBinanceServer } from '../helpers/fake-binance-server.js';

describe('createExchange from config.yaml', () => {
  let folder: string;
  let server: FakeBinanceServer;

  const configWith = async (runtime: Record<string, unknown>, sim: Record<string, unknown> = {}) => {
    const file = join(folder, `config-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(file, JSON.stringify({ runtime, sim }));
    return loadAppConfig(file);
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'scalp-create-exchange-'));
    server = await startFakeBinance({ nowMs: Date.UTC(2026, 0, 1), symbols: [{ base: 'BTC', quote: 'USDT', quoteVolume: 1e9 }] });
  });
  afterAll(async () => {
    await server?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('builds a ccxt exchange with runtime.exchange_options merged in', async () => {
    const exchange = await createExchange(await configWith({ exchange: 'binance', exchange_options: server.exchangeOptions() }));
    expect([exchange.id, exchange.simulated, exchange.ohlcvPageLimit]).toEqual(['binance', false, 1000]);
    expect((await exchange.loadMarkets()).map((market) => market.symbol)).toEqual(['BTC/USDT']);
    await exchange.close();
  });

  it('names the config file and runtime.exchange for an unknown exchange id', async () => {
    const config = await configWith({ exchange: 'not-an-exchange' });
    await expect(createExchange(config)).rejects.toThrow(ConfigError);
    await expect(createExchange(config)).rejects.toThrow(`${config.configFile}: runtime.exchange: unknown exchange "not-an-exchange"`);
  });

  it('builds the simulated exchange for "sim", whose watchlist drops its stablecoins and leveraged tokens', async () => {
    const config = await configWith({ exchange: 'sim', topN: 50, min_quote_volume: 0 }, { seed: 7, pairs: 12, frozen_at: '2026-03-01T00:00:00Z' });
    const exchange = await createExchange(config);
    expect([exchange.id, exchange.simulated]).toEqual(['sim', true]);
    const dataDir = join(folder, 'sim-data');
    const watchlist = await refreshWatchlist(exchange, { quote: 'USDT', market: 'spot', topN: 50, minQuoteVolume: 1 }, dataDir);
    expect(watchlist.simulated).toBe(true);
    expect(watchlist.pairs.length).toBeGreaterThan(0);
    for (const { symbol } of watchlist.pairs) expect(symbol).toMatch(/^[A-Z0-9]+\/USDT$/);
    expect(watchlist.pairs.map((pair) => pair.symbol.split('/')[0])).not.toContain('USDC');
    const reports = await backfillAll({
      exchange, dataDir, pairs: watchlist.pairs.slice(0, 2).map((pair) => pair.symbol), tfs: ['5m'],
      backfillLimit: 50, csvMirror: false, retries: 0, retryBaseMs: 1,
    });
    expect(reports.map((report) => [report.status, report.rows])).toEqual([['ok', 50], ['ok', 50]]);
  });
});
