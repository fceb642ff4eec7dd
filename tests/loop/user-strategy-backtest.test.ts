import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig, type AppConfig } from '../../src/config/app-config.js';
import { BacktestConfigSchema } from '../../src/config/backtest-config.js';
import { CandidatesFileSchema } from '../../src/config/strategies-file.js';
import { SummaryFileSchema, type SummaryFile } from '../../src/config/summary-file.js';
import { backfillAll } from '../../src/data/backfill.js';
import { createSimExchange } from '../../src/data/sim-exchange.js';
import { runBacktest } from '../../src/loop/backtest-run.js';
import { renderFromDisk } from '../../src/loop/render-step.js';
import { backtestWorkerFile } from '../../src/workers/index.js';
import { BROKEN_MJS, CLEAN_MJS, CLEAN_TS, PEEK_MJS, strategiesFolder } from '../helpers/user-strategies.js';

const entries = {
  strategies: {
    bollinger_mr: { family: 'mono' as const, sides: ['long' as const, 'short' as const], enabled: true, defaults: {}, grid: { period: [10, 20] }, notes: '' },
    // The grid override of a user strategy: 1 period x the module's 2 entry values.
    ts_revert: { enabled: true, defaults: {}, grid: { period: [25], entry: [1.5, 2.5] }, notes: '' },
  },
};
const backtestConfig = BacktestConfigSchema.parse({
  walk_forward: { default: { is_bars: 600, oos_bars: 200, step_bars: 200, embargo_bars: 5 } },
  monte_carlo: { sims: 200 },
});

function readSummary(dir: string): SummaryFile {
  return SummaryFileSchema.parse(JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')));
}

describe.skipIf(!existsSync(backtestWorkerFile()))('user strategies researched by scalp backtest in worker threads (needs npm run build)', () => {
  let dir: string;
  let appConfig: AppConfig;
  let pair: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scalp-user-backtest-'));
    strategiesFolder({ 'cross.mjs': CLEAN_MJS, 'revert.ts': CLEAN_TS, 'broken.mjs': BROKEN_MJS, 'peek.mjs': PEEK_MJS }, join(dir, 'strategies'));
    writeFileSync(
      join(dir, 'config.yaml'),
      'runtime:\n  data_dir: data\n  reports_dir: reports\n  dashboard_dir: .\n  strategies_dir: strategies\n  exchange: sim\n  tf_list: [15m]\nsim:\n  frozen_at: "2025-03-01T00:00:00Z"\n',
    );
    appConfig = loadAppConfig(join(dir, 'config.yaml'));
    const exchange = createSimExchange(appConfig.sim);
    pair = (await exchange.loadMarkets()).map((market) => market.symbol).find((symbol) => symbol.endsWith('/USDT'))!;
    await backfillAll({ exchange, dataDir: appConfig.paths.dataDir, backfillLimit: 1500, csvMirror: false, retries: 0, retryBaseMs: 0, pairs: [pair], tfs: ['15m'] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('grades clean .mjs and .ts modules with the built-ins as one family; broken and refused modules are reported, the rest runs', async () => {
    const first = await runBacktest({ appConfig, pairs: [pair], workers: 2, backtestConfig, entries });
    expect(first.failures.map((f) => f.item)).toEqual([join(dir, 'strategies', 'broken.mjs'), 'peek_next']);
    expect(first.failures[1].error).toMatch(/peek_next refused by the lookahead gate: it reads the future \(prefix test on .* 15m/);
    expect(first.rows).toBe(3);

    const summary = readSummary(dir);
    const rows = Object.fromEntries(summary.rows.map((row) => [row.strategy, row]));
    expect(Object.keys(rows).sort()).toEqual(['bollinger_mr', 'my_cross', 'ts_revert']);
    for (const row of summary.rows) {
      expect(['A', 'B', 'C', 'D', 'F']).toContain(row.grade);
      expect([row.family_strategies, row.family_trials]).toEqual([3, 2 + 4 + 2]);
      expect(row.simulated).toBe(true);
    }
    expect(rows.ts_revert.combos_tested).toBe(2);
    expect(rows.my_cross.combos_tested).toBe(4);
    expect(rows.my_cross.stamp.code_version).toMatch(/\+strategy\.[0-9a-f]{16}$/);
    expect(rows.bollinger_mr.stamp.code_version).not.toMatch(/strategy\./);
    expect(summary.failures.map((f) => f.item)).toContain('peek_next');
    const candidates = CandidatesFileSchema.parse(parse(readFileSync(join(dir, 'reports', 'strategies.yml.next'), 'utf8')));
    expect(candidates.strategies.map((c) => c.strategy).sort()).toEqual(['bollinger_mr', 'my_cross', 'ts_revert']);

    await renderFromDisk(appConfig, { now: Date.parse('2025-03-01T00:00:00Z') });
    const html = readFileSync(join(dir, 'dashboard.html'), 'utf8');
    for (const id of ['my_cross', 'ts_revert']) expect(html).toMatch(new RegExp(`<tr class="result"[^>]*data-strategy="${id}"[^>]*data-simulated="true"`));
    expect(html).toContain('peek_next');
  });

  it('reuses unchanged results, and researches a module again once its file changes (its hash is in the input)', async () => {
    const again = await runBacktest({ appConfig, pairs: [pair], workers: 2, backtestConfig, entries });
    expect([again.rows, again.reused]).toEqual([3, 3]);
    const before = readSummary(dir).rows.find((row) => row.strategy === 'my_cross')!.stamp.code_version;

    writeFileSync(join(dir, 'strategies', 'cross.mjs'), `// tuned the comments only\n${CLEAN_MJS}`);
    const edited = await runBacktest({ appConfig, pairs: [pair], workers: 2, backtestConfig, entries });
    expect([edited.rows, edited.reused, edited.computed]).toEqual([3, 2, 1]);
    const rows = readSummary(dir).rows;
    expect(rows.find((row) => row.strategy === 'my_cross')).toMatchObject({ reused: false });
    expect(rows.find((row) => row.strategy === 'my_cross')!.stamp.code_version).not.toBe(before);
    expect(rows.filter((row) => row.reused).map((row) => row.strategy).sort()).toEqual(['bollinger_mr', 'ts_revert']);
  });

  it('leaves out a user strategy disabled in entries_config.json', async () => {
    const disabled = { strategies: { ...entries.strategies, my_cross: { enabled: false, defaults: {}, notes: '' } } };
    const result = await runBacktest({ appConfig, pairs: [pair], workers: 2, backtestConfig, entries: disabled });
    expect(result.jobs).toBe(2);
  });
});
