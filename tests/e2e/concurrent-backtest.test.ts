import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidatesFileSchema } from '../../src/config/strategies-file.js';
import { SummaryFileSchema } from '../../src/config/summary-file.js';
import { createWorkspace, runScalp } from '../helpers/cli.js';
import { bundleScript, exited, removeBundles, startNode } from '../io/fixtures/node-script.js';

const STRATEGIES = ['--strategies', 'vwap_rsi,bollinger_mr', '--workers', '1'];

/** One backfilled workspace (2 pairs, 5m) shared by the scenarios below. */
let cwd: string;
let pairs: string[];
beforeAll(async () => {
  cwd = createWorkspace({ topN: 2, tf_list: ['5m'], backfill_limit: 2200 }, { frozen_at: '2026-06-01T12:00:00Z' });
  const backfill = await runScalp(['backfill'], { cwd });
  expect(backfill.code, backfill.stderr).toBe(0);
  pairs = JSON.parse(readFileSync(join(cwd, 'data/watchlist.json'), 'utf8')).pairs.map((pair: { symbol: string }) => pair.symbol);
}, 120_000);

const keysOf = (rows: readonly { pair: string; tf: string; strategy: string }[]): string[] =>
  rows.map((row) => `${row.pair} ${row.tf} ${row.strategy}`).sort();

describe('two real `scalp backtest` processes started together', () => {
  it('never crash on the results DB and never lose the other one\'s rows or candidates', async () => {
    const [first, second] = await Promise.all(
      pairs.map((pair) => runScalp(['backtest', '--pairs', pair, ...STRATEGIES], { cwd, env: { SCALP_LOCK_WAIT_SECONDS: '120' } })),
    );
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const summary = SummaryFileSchema.parse(JSON.parse(readFileSync(join(cwd, 'reports/summary.json'), 'utf8')));
    const expected = pairs.flatMap((pair) => ['bollinger_mr', 'vwap_rsi'].map((strategy) => `${pair} 5m ${strategy}`)).sort();
    expect(keysOf(summary.rows)).toEqual(expected);
    const candidates = CandidatesFileSchema.parse(parse(readFileSync(join(cwd, 'reports/strategies.yml.next'), 'utf8')));
    expect(keysOf(candidates.strategies)).toEqual(expected);
  }, 240_000);
});

describe('scalp backtest meeting another backtest', () => {
  let holderScript: string;
  beforeAll(async () => {
    holderScript = await bundleScript('lock-holder.ts');
  });
  afterAll(removeBundles);

  it('exits 5 after the bounded wait, naming the lock and the holder pid, and writes no report', async () => {
    const lockFile = join(cwd, 'data/results.lock');
    let resolveLocked = () => {};
    const locked = new Promise<void>((resolve) => (resolveLocked = resolve));
    const holder = startNode(holderScript, [lockFile], (line) => line === 'locked' && resolveLocked());
    await locked;
    const summaryBefore = existsSync(join(cwd, 'reports/summary.json')) ? readFileSync(join(cwd, 'reports/summary.json'), 'utf8') : null;
    try {
      const result = await runScalp(['backtest', '--pairs', pairs[0], ...STRATEGIES], { cwd, env: { SCALP_LOCK_WAIT_SECONDS: '0.5' } });
      expect(result.code, result.stderr).toBe(5);
      expect(result.stderr).toMatch(new RegExp(`pid ${holder.pid}\\b.*results\\.lock`));
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    } finally {
      holder.kill('SIGKILL');
      await exited(holder);
    }
    const summaryAfter = existsSync(join(cwd, 'reports/summary.json')) ? readFileSync(join(cwd, 'reports/summary.json'), 'utf8') : null;
    expect(summaryAfter).toBe(summaryBefore);
  });
});
