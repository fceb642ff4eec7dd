import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CycleLogLineSchema } from '../../src/config/cycle-log.js';
import { SummaryFileSchema } from '../../src/config/summary-file.js';
import { startFakeBinance, type FakeBinanceServer } from '../helpers/fake-binance-server.js';
import { createWorkspace, runScalp } from '../helpers/cli.js';

let server: FakeBinanceServer | undefined;
afterEach(async () => server?.close());

describe('scalp run --once against a real ccxt binance client on a loopback exchange', () => {
  it('one pair whose candle requests keep failing is reported and the cycle still backtests and renders the others', async () => {
    server = await startFakeBinance({
      nowMs: Date.now(),
      symbols: [
        { base: 'BTC', quote: 'USDT', quoteVolume: 9e8, lastPrice: 100 },
        { base: 'ETH', quote: 'USDT', quoteVolume: 5e8, lastPrice: 110 },
        { base: 'SOL', quote: 'USDT', quoteVolume: 2e8, lastPrice: 120 },
      ],
    });
    server.addFault({ path: '/api/v3/klines', symbol: 'ETHUSDT', kind: 'server-error', times: Infinity });
    const cwd = createWorkspace({ exchange: 'binance', topN: 3, tf_list: ['5m'], backfill_limit: 2200, retries: 1, retry_base_ms: 5 });
    const config = readFileSync(join(cwd, 'config/config.yaml'), 'utf8');
    writeFileSync(
      join(cwd, 'config/config.yaml'),
      config.replace('runtime:\n', `runtime:\n  exchange_options: ${JSON.stringify(server.exchangeOptions(2000))}\n`),
    );

    const run = await runScalp(['run', '--once'], { cwd });
    expect(run.code, run.stderr).toBe(1); // a partial cycle tells cron something needs attention
    expect(run.stderr).toMatch(/backfill: error: ETH\/USDT 5m: /);

    const [cycle] = readFileSync(join(cwd, 'data/logs/cycles.jsonl'), 'utf8').trim().split('\n').map((l) => CycleLogLineSchema.parse(JSON.parse(l)));
    expect(cycle.status).toBe('partial');
    expect(cycle.steps.find((s) => s.name === 'backfill')?.status).toBe('partial');
    expect(cycle.steps.find((s) => s.name === 'backtest')?.status).toBe('ok');
    expect(cycle.steps.find((s) => s.name === 'render')?.status).toBe('ok');
    expect(existsSync(join(cwd, 'data/ohlcv/BTCUSDT/5m.parquet'))).toBe(true);
    expect(existsSync(join(cwd, 'data/ohlcv/SOLUSDT/5m.parquet'))).toBe(true);
    expect(existsSync(join(cwd, 'data/ohlcv/ETHUSDT/5m.parquet'))).toBe(false);
    const summary = SummaryFileSchema.parse(JSON.parse(readFileSync(join(cwd, 'reports/summary.json'), 'utf8')));
    expect(summary.simulated).toBe(false);
    expect(new Set(summary.rows.map((row) => row.pair))).toEqual(new Set(['BTC/USDT', 'SOL/USDT']));
    expect(readFileSync(join(cwd, 'dashboard.html'), 'utf8')).toMatch(/ETH\/USDT/);
  });
});
