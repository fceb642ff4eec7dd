import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace, runScalp } from '../helpers/cli.js';
import { startFakeBinance, type FakeBinanceServer } from '../helpers/fake-binance-server.js';

describe('scalp data commands on the simulated exchange', () => {
  it('backfills the watchlist offline and status shows fresh data as DAT, missing timeframes as MIS', async () => {
    const cwd = createWorkspace({ topN: 3, tf_list: ['5m', '15m'], backfill_limit: 600 });
    const backfill = await runScalp(['backfill', '--tfs', '5m'], { cwd });
    expect(backfill.code, backfill.stderr).toBe(0);
    expect(backfill.stderr).toMatch(/SIMULATED DATA/);
    const watchlist = JSON.parse(readFileSync(join(cwd, 'data/watchlist.json'), 'utf8'));
    expect(watchlist.pairs).toHaveLength(3);
    for (const pair of watchlist.pairs) {
      const dir = pair.symbol.replace('/', '');
      expect(existsSync(join(cwd, 'data/ohlcv', dir, '5m.parquet'))).toBe(true);
    }

    const status = await runScalp(['status', '--json'], { cwd });
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.simulated).toBe(true);
    expect(report.counts).toEqual({ MIS: 3, OLD: 0, DAT: 3, OK: 0 });
    const fiveMinute = report.rows.filter((row: { tf: string }) => row.tf === '5m');
    expect(fiveMinute.every((row: { state: string; rows: number }) => row.state === 'DAT' && row.rows === 600)).toBe(true);

    const human = await runScalp(['status'], { cwd });
    expect(human.stdout).toMatch(/SIMULATED DATA/);
    expect(human.stdout).toMatch(/MIS 3 +OLD 0 +DAT 3 +OK 0/);
  });

  it('a second backfill only fetches what came after the last stored candle', async () => {
    const cwd = createWorkspace({ topN: 2, tf_list: ['1m'], backfill_limit: 300 });
    expect((await runScalp(['backfill'], { cwd })).code).toBe(0);
    const second = await runScalp(['backfill', '--json'], { cwd });
    expect(second.code, second.stderr).toBe(0);
    const reports = JSON.parse(second.stdout);
    for (const report of reports) {
      expect(report.status).toBe('ok');
      expect(report.added).toBeLessThanOrEqual(2);
      expect(report.rows).toBeGreaterThanOrEqual(300);
    }
  });

  it.each([
    ['malformed YAML', 'runtime:\n  topN: [1, 2\n', /config\.yaml: malformed YAML at line 3/],
    ['a negative topN', 'runtime:\n  topN: -3\n', /config\.yaml: runtime\.topN: .*found number -3/],
    ['an unknown timeframe', 'runtime:\n  tf_list: [1m, 2m]\n', /config\.yaml: runtime\.tf_list\[1\]: .*found "2m"/],
    ['a wrong type', 'runtime:\n  csv_mirror: "yes"\n', /runtime\.csv_mirror: expected boolean/],
  ])('rejects %s with one message naming file and key, exit code 2, and writes nothing', async (_name, yaml, message) => {
    const cwd = createWorkspace();
    writeFileSync(join(cwd, 'config/config.yaml'), yaml);
    const result = await runScalp(['backfill'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('rejects a bad flag value with exit code 2 and a hint', async () => {
    const cwd = createWorkspace();
    const result = await runScalp(['backfill', '--tfs', '2m'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--tfs: unknown timeframe "2m"/);
    const unknown = await runScalp(['backfill', '--frobnicate'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option/);
  });

  it('points at --config when the config file is missing', async () => {
    const cwd = createWorkspace();
    const result = await runScalp(['--config', 'nope/config.yaml', 'status'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nope\/config\.yaml: file not found .*--config/);
  });
});

describe('scalp data commands against a real ccxt binance client on a loopback exchange', () => {
  let server: FakeBinanceServer | undefined;
  afterEach(async () => server?.close());

  /** A workspace on binance (the loopback server), 2 retries 5 ms apart. */
  async function binanceWorkspace(runtime: Record<string, unknown> = {}): Promise<string> {
    server = await startFakeBinance({
      nowMs: Date.now(),
      symbols: [{ base: 'BTC', quote: 'USDT', quoteVolume: 9e8 }, { base: 'ETH', quote: 'USDT', quoteVolume: 5e8 }],
    });
    const cwd = createWorkspace({ exchange: 'binance', topN: 2, tf_list: ['1m'], retries: 2, retry_base_ms: 5, ...runtime });
    const config = readFileSync(join(cwd, 'config/config.yaml'), 'utf8');
    writeFileSync(join(cwd, 'config/config.yaml'), config.replace('runtime:\n', `runtime:\n  exchange_options: ${JSON.stringify(server.exchangeOptions(2000))}\n`));
    return cwd;
  }

  it('scalp watchlist retries a 503 on the markets and a 500 {"code":-1000} on the tickers, then exits 0', async () => {
    const cwd = await binanceWorkspace();
    server?.addFault({ path: '/api/v3/exchangeInfo', kind: 'server-error', times: 1 });
    server?.addFault({ path: '/api/v3/ticker/24hr', kind: 'binance-error', status: 500, code: -1000, times: 1 });
    const result = await runScalp(['watchlist', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).pairs.map((pair: { symbol: string }) => pair.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('scalp backfill retries Binance 5xx answers and an empty page mid-history, and stores every candle', async () => {
    const cwd = await binanceWorkspace({ backfill_limit: 2500 });
    server?.addFault({ path: '/api/v3/klines', symbol: 'BTCUSDT', kind: 'binance-error', status: 503, code: -1008, skip: 1, times: 1 });
    server?.addFault({ path: '/api/v3/klines', symbol: 'BTCUSDT', kind: 'empty-page', skip: 3, times: 1 });
    const result = await runScalp(['backfill', '--pairs', 'BTC/USDT', '--tfs', '1m', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const [report] = JSON.parse(result.stdout);
    expect(report).toMatchObject({ pair: 'BTC/USDT', tf: '1m', status: 'ok', rows: 2500 });
  });
});
