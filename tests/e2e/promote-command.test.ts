import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PromotionReport } from '../../src/promote/promotion-report.js';
import { createWorkspace, runScalp } from '../helpers/cli.js';

/** One research run (watchlist, backfill, backtest) shared by the promote scenarios; each copies nothing back. */
let cwd: string;
beforeAll(async () => {
  cwd = createWorkspace({ topN: 2, tf_list: ['5m'], backfill_limit: 2200 }, { frozen_at: '2026-06-01T12:00:00Z' });
  expect((await runScalp(['backfill'], { cwd })).code).toBe(0);
  const backtest = await runScalp(['backtest', '--strategies', 'vwap_rsi,bollinger_mr,grid_atr'], { cwd });
  expect(backtest.code, backtest.stderr).toBe(0);
}, 120_000);

function snapshot(dir: string): Record<string, number> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mtimeMs]));
}

describe('scalp promote', () => {
  it('--dry-run prints the diff with a reason for every rejected candidate and writes nothing', async () => {
    const before = { config: snapshot(join(cwd, 'config')), data: snapshot(join(cwd, 'data')) };
    const result = await runScalp(['promote', '--dry-run', '--risk-mode', 'conservative'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/promote conservative from run \S+: \d+ added, .*dry run: nothing written/);
    const rejected = result.stdout.split('\n').filter((line) => line.startsWith('x rejected'));
    expect(rejected.length).toBeGreaterThan(0);
    for (const line of rejected) expect(line).toMatch(/ : .+/);
    expect(snapshot(join(cwd, 'config'))).toEqual(before.config);
    expect(snapshot(join(cwd, 'data'))).toEqual(before.data);
  });

  it('considers the latest candidate of every pair x tf x strategy, after a run of one pair and a run that skipped everything', async () => {
    const pairs: string[] = JSON.parse(readFileSync(join(cwd, 'data/watchlist.json'), 'utf8')).pairs.map((pair: { symbol: string }) => pair.symbol);
    expect(pairs).toHaveLength(2);
    const onePair = await runScalp(['backtest', '--pairs', pairs[0], '--strategies', 'vwap_rsi,bollinger_mr,grid_atr'], { cwd });
    expect(onePair.code, onePair.stderr).toBe(0);
    const before = readFileSync(join(cwd, 'reports/strategies.yml.next'), 'utf8');
    const skipped = await runScalp(['backtest', '--pairs', 'DOGE/USDT'], { cwd });
    expect(skipped.stderr).toMatch(/nothing was backtested/);
    const strategiesOf = (text: string) => (parse(text) as { strategies: unknown[] }).strategies;
    expect(strategiesOf(readFileSync(join(cwd, 'reports/strategies.yml.next'), 'utf8'))).toEqual(strategiesOf(before));

    const result = await runScalp(['promote', '--dry-run', '--json', '--risk-mode', 'aggressive'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as PromotionReport;
    const considered = [
      ...report.diff.added, ...report.diff.replaced.map((change) => change.to),
      ...report.rejected.map((entry) => entry.candidate), ...report.outranked.map((entry) => entry.candidate),
    ];
    expect(new Set(considered.map((entry) => entry.pair))).toEqual(new Set(pairs));
    expect(considered).toHaveLength(6);
    expect(report.rejected.filter((entry) => entry.failures.some((failure) => failure.rule === 'latest_result'))).toEqual([]);
  });

  it('reports a hand-edited strategies.yml that no longer parses with its line, exit 2, and leaves it untouched', async () => {
    const file = join(cwd, 'config/strategies.yml');
    const broken = 'strategies:\n  - pair: BTC/USDT\n    tf: 5m\n    params: {period: [1, 2\n';
    writeFileSync(file, broken);
    const result = await runScalp(['promote', '--risk-mode', 'aggressive'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/strategies\.yml: .*line \d+/);
    expect(result.stderr).toMatch(/left untouched/);
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });
});
