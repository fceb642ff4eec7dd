import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SummaryFileSchema } from '../../src/config/summary-file.js';
import { STRATEGY_IDS } from '../../src/strategies/index.js';
import { nonEmptyCases } from '../helpers/case-table.js';
import { createWorkspace, REPO_ROOT, runScalp } from '../helpers/cli.js';
import { BROKEN_MJS, CLEAN_MJS, CLEAN_TS, PEEK_MJS, strategiesFolder } from '../helpers/user-strategies.js';
import { snapshotWorkspace } from './_workspace-snapshot.js';

const LOOP = { tf_list: ['15m'], backfill_limit: 3600, workers: 2 };
const SIM = { frozen_at: '2026-06-01T12:00:00Z' };
const ENTRIES = {
  strategies: {
    bollinger_mr: { family: 'mono', sides: ['long', 'short'], defaults: {}, grid: { period: [14, 20, 30], mult: [2, 2.5] } },
    donchian_breakout: { family: 'mono', sides: ['long', 'short'], defaults: {}, grid: { entry_period: [20, 40] } },
  },
};

describe('user strategies through the scalp binary (simulated exchange)', () => {
  let cwd: string;

  beforeAll(async () => {
    cwd = createWorkspace(LOOP, SIM);
    writeFileSync(join(cwd, 'config/entries_config.json'), JSON.stringify(ENTRIES));
    strategiesFolder({ 'my_cross.mjs': CLEAN_MJS, 'ts_revert.ts': CLEAN_TS, 'broken.mjs': BROKEN_MJS, 'peek_next.mjs': PEEK_MJS }, join(cwd, 'strategies'));
    const backfill = await runScalp(['backfill', '--pairs', 'BTC/USDT'], { cwd });
    expect(backfill.code, backfill.stderr).toBe(0);
  });

  it('backtest grades the clean .mjs and .ts modules beside the built-ins; a broken module and a refused one exit 1 at the end', async () => {
    const run = await runScalp(['backtest', '--pairs', 'BTC/USDT'], { cwd });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/FAILED .*strategies\/broken\.mjs: .*broken\.mjs: throws when imported: TypeError/);
    expect(run.stdout).toMatch(/FAILED peek_next: strategy peek_next refused by the lookahead gate: it reads the future \(prefix test on BTC\/USDT 15m/);
    expect(run.stderr).toMatch(/lookahead gate: my_cross passed/);
    const summary = SummaryFileSchema.parse(JSON.parse(readFileSync(join(cwd, 'reports/summary.json'), 'utf8')));
    expect(summary.rows.map((row) => row.strategy).sort()).toEqual(['bollinger_mr', 'donchian_breakout', 'my_cross', 'ts_revert']);
    expect(summary.rows.every((row) => row.family_strategies === 4 && /^[ABCDF]$/.test(row.grade))).toBe(true);

    const render = await runScalp(['render'], { cwd });
    expect(render.code, render.stderr).toBe(0);
    const html = readFileSync(join(cwd, 'dashboard.html'), 'utf8');
    for (const id of ['my_cross', 'ts_revert']) expect(html).toMatch(new RegExp(`<tr class="result"[^>]*data-strategy="${id}"`));
    expect(html).toMatch(/peek_next.*refused by the lookahead gate/);

    const listed = await runScalp(['strategies', '--json'], { cwd });
    expect(listed.code, listed.stderr).toBe(0);
    const gates = Object.fromEntries((JSON.parse(listed.stdout) as { id: string; gate: string }[]).map((row) => [row.id, row.gate]));
    expect(gates).toMatchObject({ my_cross: 'passed', ts_revert: 'passed', peek_next: 'refused', broken: 'broken', bollinger_mr: 'built-in' });
  });

  it('check-strategy exits 7 naming the strategy, the bar and the output, and 0 for a clean module', async () => {
    const refused = await runScalp(['check-strategy', 'peek_next', '--pairs', 'BTC/USDT'], { cwd });
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/^scalp: strategy peek_next refused by the lookahead gate: it reads the future \(prefix test on BTC\/USDT 15m, params \{\}\): with the candles cut after bar (\d+), (enterLong|exitLong) at bar \1 \(/m);
    const clean = await runScalp(['check-strategy', 'ts_revert', '--pairs', 'BTC/USDT', '--tfs', '15m'], { cwd });
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/^ts_revert: passed the lookahead gate \(prefix, future and warm-up tests; \d+ plans on BTC\/USDT 15m, synthetic 15m; \d+ param sets\) in \d+ ms/);
    const unknown = await runScalp(['check-strategy', 'my_cros'], { cwd });
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/unknown strategy "my_cros" \(did you mean my_cross\?\)/)]);
    const typo = await runScalp(['backtest', '--pairs', 'BTC/USDT', '--strategies', 'ts_revrt'], { cwd });
    expect([typo.code, typo.stderr]).toEqual([2, expect.stringMatching(/--strategies: unknown strategy "ts_revrt" \(did you mean ts_revert\?\)/)]);
  });

  it.each(nonEmptyCases('built-in strategies', STRATEGY_IDS.map((id) => [id] as const)))('check-strategy passes the built-in %s', async (id) => {
    const run = await runScalp(['check-strategy', id, '--pairs', 'BTC/USDT'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${id}: passed the lookahead gate`));
  });
});

describe('scalp new-strategy', () => {
  it('writes a starter module and its test into strategies_dir; the test and the gate pass; a second call writes nothing', async () => {
    const cwd = createWorkspace();
    const made = await runScalp(['new-strategy', 'fast_cross'], { cwd });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/wrote strategies\/fast_cross\.mjs and strategies\/fast_cross\.test\.mjs/);
    const typed = await runScalp(['new-strategy', 'typed_cross', '--ts'], { cwd });
    expect(typed.code, typed.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'strategies/typed_cross.ts'), 'utf8')).toMatch(/const strategy: UserStrategy<Params> = \{/);

    const before = snapshotWorkspace(cwd);
    for (const args of [['new-strategy', 'fast_cross'], ['new-strategy', 'FastCross'], ['new-strategy', 'momentum']]) {
      const refused = await runScalp(args, { cwd });
      expect(refused.code, args.join(' ')).toBe(2);
    }
    expect(snapshotWorkspace(cwd)).toEqual(before);

    // The starter's test imports scalp as a user's project would (node_modules/scalp).
    mkdirSync(join(cwd, 'node_modules'));
    symlinkSync(REPO_ROOT, join(cwd, 'node_modules/scalp'));
    const test = spawnSync(process.execPath, ['--test', 'strategies/'], { cwd, encoding: 'utf8', env: { ...process.env, TMPDIR: cwd } });
    expect(test.status, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/# pass 4/);
    for (const id of ['fast_cross', 'typed_cross']) {
      const checked = await runScalp(['check-strategy', id], { cwd });
      expect(checked.code, checked.stderr).toBe(0);
    }
    expect(existsSync(join(cwd, 'data/cache/lookahead'))).toBe(true);
  });
});
