import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig, type AppConfig } from '../../src/config/app-config.js';
import { BacktestConfigSchema } from '../../src/config/backtest-config.js';
import { ResultDetailSchema } from '../../src/config/result-detail-file.js';
import { CandidatesFileSchema } from '../../src/config/strategies-file.js';
import { SummaryFileSchema } from '../../src/config/summary-file.js';
import { backfillAll } from '../../src/data/backfill.js';
import { openResultsDb, resultsDbPath } from '../../src/data/results-db.js';
import { createSimExchange } from '../../src/data/sim-exchange.js';
import { runBacktest } from '../../src/loop/backtest-run.js';
import { backtestWorkerFile } from '../../src/workers/index.js';

const entries = {
  strategies: {
    bollinger_mr: { family: 'mono' as const, sides: ['long' as const, 'short' as const], enabled: true, defaults: {}, grid: { period: [10, 20], mult: [2, 2.5] }, notes: '' },
    donchian_breakout: { family: 'mono' as const, sides: ['long' as const, 'short' as const], enabled: true, defaults: {}, grid: { entry_period: [20, 40] }, notes: '' },
  },
};
const backtestConfig = BacktestConfigSchema.parse({
  walk_forward: { default: { is_bars: 600, oos_bars: 200, step_bars: 200, embargo_bars: 5 } },
  monte_carlo: { sims: 200 },
});

describe.skipIf(!existsSync(backtestWorkerFile()))('runBacktest on the simulated exchange (needs npm run build)', () => {
  let dir: string;
  let appConfig: AppConfig;
  const pairs = ['BTC/USDT', 'ETH/USDT'];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scalp-backtest-run-'));
    writeFileSync(
      join(dir, 'config.yaml'),
      'runtime:\n  data_dir: data\n  reports_dir: reports\n  exchange: sim\n  tf_list: [15m]\nsim:\n  frozen_at: "2025-03-01T00:00:00Z"\n',
    );
    appConfig = loadAppConfig(join(dir, 'config.yaml'));
    const exchange = createSimExchange(appConfig.sim);
    const markets = (await exchange.loadMarkets()).map((market) => market.symbol);
    pairs.splice(0, pairs.length, ...markets.filter((symbol) => symbol.endsWith('/USDT')).slice(0, 2));
    await backfillAll({ exchange, dataDir: appConfig.paths.dataDir, backfillLimit: 1500, csvMirror: false, retries: 0, retryBaseMs: 0, pairs, tfs: ['15m'] });
    await backfillAll({ exchange, dataDir: appConfig.paths.dataDir, backfillLimit: 300, csvMirror: false, retries: 0, retryBaseMs: 0, pairs: pairs.slice(0, 1), tfs: ['1h'] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes valid reports and DB rows, skips short series, then reuses every unchanged result', async () => {
    const progress: string[] = [];
    const first = await runBacktest({
      appConfig, jobs: [...pairs.map((pair) => ({ pair, tf: '15m' as const })), { pair: pairs[0], tf: '1h' }], workers: 2,
      backtestConfig, entries, onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.status}`),
    });
    expect(first.failures).toEqual([]);
    expect(first.jobs).toBe(4);
    expect(first.rows).toBe(4);
    expect(first.reused).toBe(0);
    expect(first.skipped).toHaveLength(1);
    expect(first.skipped[0].reason).toMatch(/too few candles/);
    expect(progress.at(-1)).toBe('4/4 computed');

    const summary = SummaryFileSchema.parse(JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')));
    expect(summary.rows).toHaveLength(4);
    expect(summary.simulated).toBe(true);
    const candidates = CandidatesFileSchema.parse(parse(readFileSync(join(dir, 'reports', 'strategies.yml.next'), 'utf8')));
    expect(candidates.strategies.every((c) => c.source_run === first.runId && c.simulated)).toBe(true);
    for (const row of summary.rows) {
      ResultDetailSchema.parse(JSON.parse(readFileSync(join(dir, 'reports', 'details', `${row.id}.json`), 'utf8')));
      // Each pair x tf is graded as a family: both strategies, all 4 + 2 combos, count in its DSR and Monte Carlo.
      expect([row.family_strategies, row.family_trials]).toEqual([2, 6]);
    }

    const second = await runBacktest({ appConfig, pairs, tfs: ['15m'], workers: 2, backtestConfig, entries });
    expect(second.reused).toBe(4);
    expect(second.computed).toBe(0);
    const again = SummaryFileSchema.parse(JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')));
    expect(again.rows.every((row) => row.reused)).toBe(true);
    expect(again.rows.map((row) => row.score)).toEqual(summary.rows.map((row) => row.score));

    const db = await openResultsDb(resultsDbPath(appConfig.paths.dataDir));
    try {
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM runs')).toEqual([{ n: 2 }]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM results WHERE is_latest')).toEqual([{ n: 4 }]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM results')).toEqual([{ n: 8 }]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM combo_trials')).toEqual([{ n: 2 * 2 * (4 + 2) }]);
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM evidence_cache')).toEqual([{ n: 4 }]);
    } finally {
      db.close();
    }
  });

  it('strategies.yml.next keeps the latest candidate of every pair x tf x strategy, even after a run that skips everything', async () => {
    const readCandidates = () => CandidatesFileSchema.parse(parse(readFileSync(join(dir, 'reports', 'strategies.yml.next'), 'utf8')));
    const readSummary = () => SummaryFileSchema.parse(JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')));
    const keyOf = (entry: { pair: string; tf: string; strategy: string }) => `${entry.pair} ${entry.tf} ${entry.strategy}`;
    const previous = readCandidates();
    const onePair = await runBacktest({ appConfig, jobs: [{ pair: pairs[0], tf: '15m' }], workers: 2, backtestConfig, entries });
    expect(onePair.rows).toBe(2);
    const summary = readSummary();
    const candidates = readCandidates();
    expect(candidates.strategies.map(keyOf)).toEqual(summary.rows.map(keyOf));
    expect(candidates.strategies).toHaveLength(4);
    for (const [k, row] of summary.rows.entries()) {
      const entry = candidates.strategies[k];
      expect(entry.source_run).toBe(row.run_id);
      expect([entry.params, entry.grade, entry.score, entry.metrics.sharpe, entry.metrics.dsr, entry.simulated]).toEqual([
        row.params, row.grade, row.score, row.sharpe, row.dsr, true,
      ]);
    }
    expect(candidates.strategies.filter((entry) => entry.source_run === onePair.runId).map((entry) => entry.pair)).toEqual([pairs[0], pairs[0]]);
    // The other pair's candidates are the very ones research graded before (every field kept), not rebuilt.
    const otherPair = (file: typeof candidates) => file.strategies.filter((entry) => entry.pair === pairs[1]);
    expect(otherPair(candidates)).toEqual(otherPair(previous));

    const nothing = await runBacktest({ appConfig, jobs: [{ pair: pairs[0], tf: '1h' }], workers: 2, backtestConfig, entries });
    expect([nothing.rows, nothing.skipped.length]).toEqual([0, 1]);
    expect(readCandidates().strategies).toEqual(candidates.strategies);
  });

  it('reports an unknown strategy and a corrupt candle file, and finishes the other jobs', async () => {
    writeFileSync(join(appConfig.paths.dataDir, 'ohlcv', pairs[1].replace('/', ''), '15m.parquet'), 'not parquet');
    const result = await runBacktest({
      appConfig, pairs, tfs: ['15m'], workers: 2, entries, backtestConfig, strategies: ['bollinger_mr', 'no_such_strategy'],
    });
    // The damaged file is a failure (the cycle goes partial and the dashboard shows it), not a quiet skip.
    expect(result.failures.map((f) => f.item)).toEqual(['no_such_strategy', `${pairs[1]} 15m`]);
    expect(result.failures[1].error).toMatch(/scalp backfill/);
    expect(result.skipped).toEqual([]);
    expect(result.rows).toBe(1);
    const summary = SummaryFileSchema.parse(JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')));
    expect(summary.failures).toHaveLength(2);
    const row = summary.rows.find((r) => r.pair === pairs[0] && r.tf === '15m' && r.strategy === 'bollinger_mr');
    expect(row?.warnings.some((w) => w.startsWith('partial family: 1 of the 2 enabled strategies'))).toBe(true);
  });
});
