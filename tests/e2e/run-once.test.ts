import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CycleLogLineSchema } from '../../src/config/cycle-log.js';
import { StrategiesFileSchema } from '../../src/config/strategies-file.js';
import { SummaryFileSchema } from '../../src/config/summary-file.js';
import { readCandles } from '../../src/data/ohlcv-store.js';
import { bootId, processStartTicks } from '../../src/io/process-identity.js';
import { createWorkspace, runScalp, SCALP_BIN } from '../helpers/cli.js';

/**
 * A small, deterministic research loop: 3 pairs, one timeframe, the simulated clock frozen. Two of the pairs carry
 * the simulated market's planted mean-reversion edge, so honest grading has something real to promote; the third
 * is noise, stays DAT and is researched again by the next cycle.
 */
const LOOP = { topN: 3, tf_list: ['15m'], backfill_limit: 3500, risk_mode: 'aggressive', workers: 2 };
const SIM = { frozen_at: '2026-06-01T12:00:00Z', planted_edges: ['BTC', 'SOL'] };

function readJsonLines(file: string): unknown[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** Every file scalp writes must parse: JSON, YAML, Parquet, JSON lines (a torn last line is tolerated). */
async function expectEveryFileValid(cwd: string): Promise<void> {
  const watchlist = join(cwd, 'data/watchlist.json');
  if (existsSync(watchlist)) JSON.parse(readFileSync(watchlist, 'utf8'));
  const summary = join(cwd, 'reports/summary.json');
  if (existsSync(summary)) SummaryFileSchema.parse(JSON.parse(readFileSync(summary, 'utf8')));
  const strategies = join(cwd, 'config/strategies.yml');
  if (existsSync(strategies)) StrategiesFileSchema.parse(parse(readFileSync(strategies, 'utf8')) ?? {});
  const ohlcv = join(cwd, 'data/ohlcv');
  if (existsSync(ohlcv)) {
    for (const pair of readdirSync(ohlcv)) {
      for (const file of readdirSync(join(ohlcv, pair)).filter((f) => f.endsWith('.parquet'))) {
        await readCandles(join(ohlcv, pair, file));
      }
    }
  }
  const manifest = join(cwd, 'data/manifest.json');
  if (existsSync(manifest)) JSON.parse(readFileSync(manifest, 'utf8'));
}

describe('scalp run --once on the simulated exchange', () => {
  it('produces the whole set of files and status shows OK for every promoted pair', async () => {
    const cwd = createWorkspace(LOOP, SIM);
    const run = await runScalp(['run', '--once'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/SIMULATED DATA/);
    expect(run.stderr).toMatch(/cycle \S+: ok in/);

    const watchlist = JSON.parse(readFileSync(join(cwd, 'data/watchlist.json'), 'utf8'));
    expect(watchlist.pairs).toHaveLength(3);
    for (const { symbol } of watchlist.pairs) {
      expect((await readCandles(join(cwd, 'data/ohlcv', symbol.replace('/', ''), '15m.parquet'))).close.length).toBe(3500);
    }
    const summary = SummaryFileSchema.parse(JSON.parse(readFileSync(join(cwd, 'reports/summary.json'), 'utf8')));
    expect(summary.simulated).toBe(true);
    expect(summary.rows.length).toBeGreaterThanOrEqual(3);
    const active = StrategiesFileSchema.parse(parse(readFileSync(join(cwd, 'config/strategies.yml'), 'utf8')));
    expect(active.strategies.length).toBeGreaterThan(0);
    const html = readFileSync(join(cwd, 'dashboard.html'), 'utf8');
    expect(html).toMatch(/SIMULATED DATA/i);
    expect(readFileSync(join(cwd, 'dashboard_url.txt'), 'utf8')).toMatch(/^http:\/\/localhost:8888\/dashboard\.html$/m);
    const [cycle] = readJsonLines(join(cwd, 'data/logs/cycles.jsonl')).map((line) => CycleLogLineSchema.parse(line));
    expect(cycle.steps.map((step) => step.name)).toEqual(['watchlist', 'backfill', 'forward', 'backtest', 'promote', 'render']);
    expect(existsSync(join(cwd, 'data/scalp.lock'))).toBe(false);

    const status = JSON.parse((await runScalp(['status', '--json'], { cwd })).stdout);
    for (const entry of active.strategies) {
      const row = status.rows.find((r: { pair: string; tf: string }) => r.pair === entry.pair && r.tf === entry.tf);
      expect(row.state).toBe('OK');
      expect(row.strategy).toBe(entry.strategy);
    }
    expect(status.counts.OK).toBe(active.strategies.length);
    expect(status.counts.MIS + status.counts.OLD).toBe(0);

    // A second cycle with nothing new reuses every backtest result instead of recomputing it.
    const again = await runScalp(['run', '--once'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/backfill: skipped/);
    const second = CycleLogLineSchema.parse(readJsonLines(join(cwd, 'data/logs/cycles.jsonl'))[1]);
    const backtest = second.steps.find((step) => step.name === 'backtest');
    expect(backtest?.counts.reused ?? 0).toBe(backtest?.counts.rows ?? -1);
  });

  it('refuses a second concurrent run with a clear message while the first holds the lock', async () => {
    const cwd = createWorkspace(LOOP, SIM);
    const first = spawn(process.execPath, [SCALP_BIN, 'run', '--once'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let firstErr = '';
    first.stderr.on('data', (chunk) => (firstErr += chunk));
    await waitFor(() => existsSync(join(cwd, 'data/scalp.lock')), 30_000);
    const second = await runScalp(['run', '--once'], { cwd });
    expect(second.code).toBe(5);
    expect(second.stderr).toMatch(new RegExp(`another scalp process \\(pid ${first.pid}\\) is running and holds .*scalp\\.lock`));
    expect(second.stderr).toMatch(/scalp\.lock: `scalp(\.js)? run --once`, (starting the maintainer loop|running the \w+ step of a cycle), since /);
    const code = await new Promise((resolve) => first.on('close', resolve));
    expect(code, firstErr).toBe(0);
  });

  it('a manual backtest meeting the loop\'s backtest step exits 5 naming the loop and what it does, never 70', async () => {
    const cwd = createWorkspace(LOOP, SIM);
    const loop = spawn(process.execPath, [SCALP_BIN, 'run', '--once'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    loop.stderr.on('data', (chunk) => (log += chunk));
    await waitFor(() => /backtest: started/.test(log), 60_000);
    const manual = await runScalp(['backtest', '--workers', '1'], { cwd, env: { SCALP_LOCK_WAIT_SECONDS: '0' } });
    expect(manual.code, manual.stderr).toBe(5);
    expect(manual.stderr).toMatch(new RegExp(`\\(pid ${loop.pid}\\) is running and holds .*results\\.lock: \`scalp(\\.js)? run --once\`, backtesting \\d+ pair x tf`));
    const code = await new Promise((resolve) => loop.on('close', resolve));
    expect(code, log).toBe(0);
  });

  it('a run SIGKILLed mid-cycle leaves every file valid and the next run takes the stale lock over', async () => {
    const cwd = createWorkspace(LOOP, SIM);
    const victim = spawn(process.execPath, [SCALP_BIN, 'run', '--once'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    victim.stderr.on('data', (chunk) => (log += chunk));
    await waitFor(() => /backtest: started/.test(log), 60_000);
    victim.kill('SIGKILL');
    await new Promise((resolve) => victim.on('close', resolve));
    expect(JSON.parse(readFileSync(join(cwd, 'data/scalp.lock'), 'utf8')).pid).toBe(victim.pid);
    await expectEveryFileValid(cwd);

    const recovery = await runScalp(['run', '--once'], { cwd });
    expect(recovery.code, recovery.stderr).toBe(0);
    await expectEveryFileValid(cwd);
    expect(existsSync(join(cwd, 'reports/summary.json'))).toBe(true);
    expect(existsSync(join(cwd, 'dashboard.html'))).toBe(true);
    expect(existsSync(join(cwd, 'data/scalp.lock'))).toBe(false);
  });

  it('SIGTERM finishes the current step, renders the dashboard and releases the lock', async () => {
    const cwd = createWorkspace(LOOP, SIM);
    const child = spawn(process.execPath, [SCALP_BIN, 'run', '--once'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (chunk) => (log += chunk));
    await waitFor(() => /backfill: started/.test(log), 30_000);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code, log).toBe(0);
    expect(log).toMatch(/SIGTERM: finishing the current step/);
    expect(log).not.toMatch(/promote: started/);
    expect(log).toMatch(/render: ok/);
    const [cycle] = readJsonLines(join(cwd, 'data/logs/cycles.jsonl')).map((line) => CycleLogLineSchema.parse(line));
    expect(cycle.status).toBe('interrupted');
    expect(existsSync(join(cwd, 'data/scalp.lock'))).toBe(false);
  });

  it('sweeps the leftovers of killed runs at start (not a live process\'s) and takes over a lock whose pid was reused', async () => {
    const cwd = createWorkspace({ topN: 1, tf_list: ['15m'], backfill_limit: 2200, workers: 1 }, SIM);
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const unrelated = spawn('sleep', ['60'], { stdio: 'ignore' });
    const put = (path: string, content = 'partial') => {
      mkdirSync(join(cwd, path, '..'), { recursive: true });
      writeFileSync(join(cwd, path), content);
      return join(cwd, path);
    };
    const lockOf = (pid: number, fields: Record<string, unknown> = {}) =>
      JSON.stringify({ pid, started_at: '2026-01-01T00:00:00.000Z', host: hostname(), token: 'old', ...fields });
    const leftovers = [
      put(`data/ohlcv/ZZZUSDT/15m.parquet.cols.tmp-${dead}-0123456789ab`),
      put(`data/ohlcv/ZZZUSDT/15m.parquet.tmp-${dead}-0123456789ab`),
      put(`assets/details/ZZZUSDT-15m-x.js.tmp-${dead}-0123456789ab`),
      put('data/ohlcv/ZZZUSDT/15m.parquet.lock', lockOf(dead)),
    ];
    const live = put(`data/ohlcv/ZZZUSDT/1h.parquet.cols.tmp-${unrelated.pid}-0123456789ab`);
    // The last loop's lock: its pid now belongs to `sleep`, a process that started at another time.
    const ticks = processStartTicks(unrelated.pid ?? -1);
    put('data/scalp.lock', lockOf(unrelated.pid ?? -1, ticks === undefined ? { boot_id: 'a-previous-boot' } : { boot_id: bootId(), process_start_ticks: ticks + 1 }));
    try {
      const run = await runScalp(['run', '--once'], { cwd });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/removed \d+ leftovers of killed runs/);
      for (const path of leftovers) expect(existsSync(path), path).toBe(false);
      expect(existsSync(live)).toBe(true);
      expect(existsSync(join(cwd, 'data/scalp.lock'))).toBe(false);
    } finally {
      unrelated.kill('SIGKILL');
    }
  });

  it('writes nothing when the config is invalid', async () => {
    const cwd = createWorkspace(LOOP, SIM);
    writeFileSync(join(cwd, 'config/config.yaml'), 'runtime:\n  risk_mode: reckless\n');
    const result = await runScalp(['run', '--once'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/config\.yaml: runtime\.risk_mode: .*"reckless"/);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
    expect(existsSync(join(cwd, 'dashboard.html'))).toBe(false);
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
