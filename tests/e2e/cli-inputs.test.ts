import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkspace, runScalp } from '../helpers/cli.js';
import { snapshotWorkspace } from './_workspace-snapshot.js';

/** Runs scalp and checks the exit code, one fix-it message on stderr, and that the workspace is untouched. */
async function expectRefused(cwd: string, args: string[], code: number, message: RegExp, env: NodeJS.ProcessEnv = {}) {
  const before = snapshotWorkspace(cwd);
  const result = await runScalp(args, { cwd, env: { NGROK_AUTHTOKEN: '', ...env }, timeoutMs: 30_000 });
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/internal error/);
  expect(snapshotWorkspace(cwd)).toEqual(before);
  return result;
}

describe('scalp refuses bad flags with exit 2, one message, and writes nothing', () => {
  it.each([
    ['backfill', ['backfill', '--tfs', '1h']],
    ['backtest', ['backtest', '--pairs', 'BTC/USDT', '--tfs', '5m,1h']],
  ])('%s --tfs outside runtime.tf_list names the list and how to extend it', async (_name, args) => {
    const cwd = createWorkspace({ tf_list: ['5m', '15m'] });
    await expectRefused(cwd, args, 2, /--tfs: 1h is not in runtime\.tf_list \(5m, 15m\).*config\.yaml/);
  });

  it.each([
    ['--pairs', ['backfill', '--pairs', '']],
    ['--pairs', ['backtest', '--pairs', ' , ']],
    ['--tfs', ['backfill', '--tfs', '']],
    ['--strategies', ['backtest', '--pairs', 'BTC/USDT', '--strategies', '']],
  ])('an empty %s list is an error, not "every pair"', async (flag, args) => {
    await expectRefused(createWorkspace(), args, 2, new RegExp(`${flag}: the list is empty`));
  });

  it('--strategies with an unknown id lists the known ids and suggests the closest', async () => {
    const result = await expectRefused(
      createWorkspace(),
      ['backtest', '--pairs', 'BTC/USDT', '--strategies', 'momentum,bolinger_mr'],
      2,
      /--strategies: unknown strategy "bolinger_mr" \(did you mean bollinger_mr\?\)/,
    );
    expect(result.stderr).toMatch(/entries_config\.json/);
    expect(result.stderr).toMatch(/donchian_breakout/);
  });

  it.each([
    [['serve', '--port', '70000', '--no-tunnel']],
    [['run', '--port', '70000', '--no-tunnel']],
    [['serve', '--port', '80a']],
  ])('%j: a port outside 1-65535 is refused before anything starts', async (args) => {
    await expectRefused(createWorkspace(), args, 2, /--port: expected a port from 1 to 65535, got "(70000|80a)"/);
  });

  it.each([
    [['backtest', '--pairs', 'BTC/USDT', '--workers', '150']],
    [['run', '--once', '--workers', '150']],
  ])('%j: --workers above 4 x cores is refused, naming the cap', async (args) => {
    const cap = 4 * availableParallelism();
    await expectRefused(createWorkspace(), args, 2, new RegExp(`--workers: 150 is above the cap of ${cap} \\(4 x ${availableParallelism()} cores\\)`));
  });
});

describe('scalp refuses bad config values with exit 2 and writes nothing', () => {
  it("loop_seconds beyond Node's timer range (it would spin instead of sleeping)", async () => {
    const cwd = createWorkspace({ loop_seconds: 3_000_000 });
    await expectRefused(cwd, ['run', '--once'], 2, /runtime\.loop_seconds: .*2147483.*found number 3000000/);
  });

  it('runtime.workers above 4 x cores', async () => {
    const cwd = createWorkspace({ workers: 500 });
    await expectRefused(cwd, ['backtest', '--pairs', 'BTC/USDT'], 2, /runtime\.workers: 500 is above the cap of \d+ \(4 x \d+ cores\)/);
  });

  it('a typo in config/strategies.yml stops `run` once, before the loop starts', async () => {
    const cwd = createWorkspace();
    writeFileSync(join(cwd, 'config/strategies.yml'), 'strategies:\n  - pair: BTC/USDT\n    tff: 5m\n');
    const result = await expectRefused(cwd, ['run', '--once'], 2, /config\/strategies\.yml: strategies\[0\]/);
    expect(result.stderr.match(/strategies\.yml:/g)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/FAILED/);
  });
});

describe('perpetual swap symbols', () => {
  it.each([
    [{ market: 'swap' }, 'BTCUSDT_PERP', /--pairs: "BTCUSDT_PERP" .*write it as BTC\/USDT:USDT/],
    [{ market: 'swap' }, 'BTC/USDT', /--pairs: "BTC\/USDT" is a spot symbol but runtime\.market is swap; write the perpetual as BTC\/USDT:USDT/],
    [{ market: 'spot' }, 'BTCUSDT_PERP', /--pairs: "BTCUSDT_PERP" .*BTC\/USDT:USDT.*runtime\.market: swap/],
    [{ market: 'spot' }, 'BTC/USDT:USDT', /--pairs: "BTC\/USDT:USDT" is a perpetual swap but runtime\.market is spot; write BTC\/USDT/],
  ])('%j --pairs %s points at the right spelling', async (runtime, pair, message) => {
    await expectRefused(createWorkspace(runtime), ['backfill', '--pairs', pair], 2, message);
  });

  it('--help shows how to write a perpetual', async () => {
    const cwd = createWorkspace();
    for (const command of ['backfill', 'backtest']) {
      const help = await runScalp([command, '--help'], { cwd });
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/BTC\/USDT:USDT/);
    }
  });
});

describe('a corrupt Parquet file is exit 3', () => {
  function workspaceWithCorruptCandles(): string {
    const cwd = createWorkspace({ tf_list: ['5m'] });
    mkdirSync(join(cwd, 'data/ohlcv/BTCUSDT'), { recursive: true });
    writeFileSync(join(cwd, 'data/ohlcv/BTCUSDT/5m.parquet'), 'this is not parquet');
    return cwd;
  }

  it.each([
    [['backtest', '--pairs', 'BTC/USDT']],
    [['run', '--once']],
  ])('%j names the file and how to rebuild it', async (args) => {
    const result = await expectRefused(workspaceWithCorruptCandles(), args, 3, /data\/ohlcv\/BTCUSDT\/5m\.parquet: .*scalp backfill/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('an empty config file', () => {
  it('says scalp is running on the built-in defaults', async () => {
    const cwd = createWorkspace();
    writeFileSync(join(cwd, 'config/config.yaml'), '# nothing here yet\n');
    const result = await runScalp(['status', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/config\/config\.yaml is empty: running on the built-in defaults/);
    expect(JSON.parse(result.stdout).exchange).toBe('sim');
  });
});
