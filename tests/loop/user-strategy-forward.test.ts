import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/config/app-config.js';
import type { ActiveStrategy } from '../../src/config/strategies-file.js';
import { createExchange } from '../../src/data/create-exchange.js';
import { formatCandlesCsv } from '../../src/data/csv-candles.js';
import { importCandles } from '../../src/data/import-candles.js';
import { runCycle } from '../../src/loop/run-cycle.js';
import { readActiveSet, readDemotions, writeActiveSet } from '../../src/promote/index.js';
import { randomWalk } from '../helpers/random-walk.js';
import { CLEAN_MJS, strategiesFolder } from '../helpers/user-strategies.js';

const FIFTEEN = 15 * 60_000;
const START = Date.UTC(2025, 0, 1);

describe('a promoted user strategy in the forward test of a fresh process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalp-user-forward-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is paper-traded by its module (loaded before the forward step), never demoted as unknown', async () => {
    strategiesFolder({ 'my_cross.mjs': CLEAN_MJS }, join(dir, 'strategies'));
    writeFileSync(join(dir, 'config.yaml'), 'runtime:\n  data_dir: data\n  reports_dir: reports\n  dashboard_dir: .\n  strategies_dir: strategies\n  exchange: none\n  tf_list: [15m]\n');
    writeFileSync(join(dir, 'entries_config.json'), '{ "strategies": {} }');
    writeFileSync(join(dir, 'backtest_config.json'), '{}');
    const config = loadAppConfig(join(dir, 'config.yaml'));
    const csv = join(dir, 'btc.csv');
    writeFileSync(csv, formatCandlesCsv(randomWalk(2000, 3, { sigma: 0.004, stepMs: FIFTEEN, startMs: START })));
    await importCandles({ dataDir: config.paths.dataDir, files: [csv], pair: 'BTC/USDT', tf: '15m' });
    const entry: ActiveStrategy = {
      pair: 'BTC/USDT', tf: '15m', strategy: 'my_cross', params: { fast: 10, slow: 40, stop_loss_pct: 0.03 }, grade: 'B', score: 85, source_run: 'run-1', simulated: false,
      metrics: { sharpe: 2, pf: 1.5, mdd: 0.05, win_rate: 0.6, trades: 80, net_return: 0.2, dsr: 0.9, mc_pvalue: 0.01, consistency: 0.8, oos_is_ratio: 0.7, stability: 0.8 },
      promise: { mean_return: 0.00001, std_return: 0.004, sharpe: 0.0025, skewness: 0, kurtosis: 3, bars: 3000 },
      promoted_at: new Date(START + 1500 * FIFTEEN).toISOString(), expires_at: new Date(Date.now() + 86_400_000).toISOString(),
    };
    await writeActiveSet(config.paths.strategiesFile, [entry], { riskMode: 'balanced', now: new Date(START) });

    const cycle = await runCycle({ config, exchange: await createExchange(config) });
    const forward = cycle.steps.find((step) => step.name === 'forward')!;
    expect(forward.errors).toEqual([]);
    expect(forward.counts).toMatchObject({ active: 1, demoted: 0 });
    const [after] = readActiveSet(config.paths.strategiesFile);
    expect(after.forward).toMatchObject({ bars: 500 });
    expect(after.forward!.verdict).not.toBe('demote');
    expect(readDemotions(join(config.paths.dataDir, 'logs', 'demotions.jsonl'))).toEqual([]);
  });
});
