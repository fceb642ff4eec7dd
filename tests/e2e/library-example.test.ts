import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const CSV = join(REPO_ROOT, '../shared/data/ohlcv/BTCUSDT/1h.csv');

describe.skipIf(!existsSync(CSV))('the README library example (real candles from ../shared/data; skipped when absent)', () => {
  it('runs against the built package entry on real BTC/USDT 1h candles and prints metrics and a DSR', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['examples/library-example.mjs', CSV], { cwd: REPO_ROOT });
    expect(stdout).toMatch(/EMA 12\/26 cross: \d+ trades, net -?\d+\.\d%, Sharpe -?\d+\.\d\d, max drawdown \d+\.\d%/);
    expect(stdout).toMatch(/bollinger_mr: \d+ trades/);
    const dsr = Number(/deflated Sharpe of the better one: (\d\.\d{3})/.exec(stdout)?.[1]);
    expect(dsr).toBeGreaterThanOrEqual(0);
    expect(dsr).toBeLessThanOrEqual(1);
  });

  it('runs the overfitting example: CSCV PBO, MinBTL and a walk-forward record graded from the package entry', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['examples/overfitting-example.mjs', CSV], { cwd: REPO_ROOT });
    expect(stdout).toMatch(/^16 combos, best annualised Sharpe -?\d+\.\d\d$/m);
    const pbo = Number(/probability of backtest overfitting (\d\.\d{3})/.exec(stdout)?.[1]);
    expect(pbo).toBeGreaterThanOrEqual(0);
    expect(pbo).toBeLessThanOrEqual(1);
    expect(stdout).toMatch(/walk-forward record: grade [A-F] \(score \d+\.\d\), \d+ OOS trades, net -?\d+\.\d%/);
    expect(stdout).toMatch(/proposed params \(latest window's in-sample choice\): \{"period":\d+,"mult":[\d.]+\}/);
  });

  it('runs the sweep example: a Sharpe table of every combo on the pool and a plotly heatmap page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalp-sweep-example-'));
    try {
      const html = join(dir, 'heatmap.html');
      const { stdout } = await promisify(execFile)(process.execPath, ['examples/sweep-example.mjs', CSV, html], { cwd: REPO_ROOT });
      const table = stdout.split('\n').filter((line) => /^\s+\d+ (\s+-?\d+\.\d\d){4}$/.test(line));
      expect(table).toHaveLength(5);
      expect(stdout).toMatch(/best by Sharpe: \{"entry_period":\d+,"exit_period":\d+\} Sharpe -?\d+\.\d\d, \d+ trades/);
      const page = readFileSync(html, 'utf8');
      expect(page).toContain("Plotly.newPlot('plot'");
      expect(page).toContain('"type":"heatmap"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Script lines that build `c`, `n` candles whose close moves by the JS expression `move` (of `i`) each bar. */
function candlesScript(n: number, move: string, stepMs: number): string[] {
  return [
    `const n = ${n}; const c = { timestamp: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n).fill(1) };`,
    `let p = 100; for (let i = 0; i < n; i++) { const o = p; p = o * (1 + ${move}); c.timestamp[i] = 1.7e12 + i * ${stepMs}; c.open[i] = o; c.close[i] = p; c.high[i] = Math.max(o, p) * 1.001; c.low[i] = Math.min(o, p) * 0.999; }`,
  ];
}

/** Runs `lines` as a user's ES module script importing 'scalp' and parses the JSON it prints. */
async function runAsUser(lines: string[]): Promise<Record<string, unknown>> {
  const script = ["const m = await import('scalp');", ...lines].join(' ');
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, timeout: 60_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('the package entry', () => {
  it('sweeps a grid on the worker pool as a user imports sweep(), one row per combo in grid order, and exits', async () => {
    const out = await runAsUser([
      ...candlesScript(3000, '0.004 * Math.sin(i / 7) + 0.002 * Math.cos(i * 1.3)', 3.6e6),
      "const grid = { entry_period: [10, 20], exit_period: [5, 10, 15] };",
      "const rows = await m.sweep(c, 'donchian_breakout', grid, { workers: 2, timeframe: '1h', fees: { taker: 0.001 } });",
      "const own = rows.map((r) => m.runStrategy(c, 'donchian_breakout', r.params, { timeframe: '1h', fees: { taker: 0.001 } }).metrics.sharpe);",
      "console.log(JSON.stringify({ order: rows.map((r) => [r.params.entry_period, r.params.exit_period]), same: rows.every((r, i) => r.sharpe === own[i]), ranks: rows.map((r) => r.rank).sort((a, b) => a - b) }));",
    ]);
    expect(out.order).toEqual([[10, 5], [10, 10], [10, 15], [20, 5], [20, 10], [20, 15]]);
    expect(out.same).toBe(true);
    expect(out.ranks).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('runs the grid kernel on scaled levels from the package entry exactly as on the level matrix they stand for', async () => {
    const out = await runAsUser([
      ...candlesScript(500, '0.01 * Math.sin(i / 5)', 6e4),
      'const scaledLong = { center: c.close, factors: [0.995, 0.99, 0.985] };',
      'const a = m.runGridKernel(c, { levelCount: 3, scaledLong, takeProfit: c.close }, { stopLossPct: 0.05 });',
      'const b = m.runGridKernel(c, { levelCount: 3, long: m.scaledLevelMatrix(scaledLong), takeProfit: c.close }, { stopLossPct: 0.05 });',
      'console.log(JSON.stringify({ trades: a.trades.count, same: a.trades.count === b.trades.count && a.equity.every((v, i) => v === b.equity[i]) }));',
    ]);
    expect(out.trades).toBeGreaterThan(5);
    expect(out.same).toBe(true);
  });

  it('takes a kernel run\'s return moments in computeMetrics, and lends an IndicatorCache to an overlay, from the package entry', async () => {
    const out = await runAsUser([
      ...candlesScript(2000, '0.006 * Math.sin(i / 9)', 3.6e6),
      'const cache = new m.IndicatorCache(c);',
      "const fast = cache.get('sma', { period: 10 });",
      'const task = cache.overlay();',
      "const slow = task.get('sma', { period: 30 });",
      'const up = new Uint8Array(c.close.length).map((_, t) => +(t > 30 && fast[t] > slow[t] && fast[t - 1] <= slow[t - 1]));',
      'const down = new Uint8Array(c.close.length).map((_, t) => +(t > 30 && fast[t] < slow[t] && fast[t - 1] >= slow[t - 1]));',
      'const run = m.runMonoKernel(c, { enterLong: up, exitLong: down });',
      "const given = m.computeMetrics(run.equity, run.trades, { barsPerYear: 8760, returnSum: run.returnSum, returnSquares: run.returnSquares, returnDownsideSquares: run.returnDownsideSquares });",
      'const summed = m.computeMetrics(run.equity, run.trades, { barsPerYear: 8760 });',
      "console.log(JSON.stringify({ trades: run.trades.count, same: JSON.stringify(given) === JSON.stringify(summed), lent: task.get('sma', { period: 10 }) === fast, kept: cache.has('sma{period=30,source=\"close\"}') }));",
    ]);
    expect(out.trades).toBeGreaterThan(5);
    expect(out.same).toBe(true);
    expect([out.lent, out.kept]).toEqual([true, false]);
  });

  it('exposes the honest-selection and forward-test statistics from the package entry, as a user imports them', async () => {
    const out = await runAsUser([
      "const v = m.forwardVerdict({ expected: { meanReturn: 0.001, stdReturn: 0.01 }, forward: [] });",
      "const pbo = m.probabilityOfBacktestOverfitting({ returns: [[1, 2, 3, 4], [4, 3, 2, 1]], partitions: 2, metric: 'mean' });",
      "console.log(JSON.stringify({ bound: v.maxDrawdownBound, years: m.minBacktestLength({ trials: 45, sharpe: 1 }), pbo: pbo.pbo, rw: typeof m.romanoWolf, grade: typeof m.gradeFamily }));",
    ]);
    expect(out.bound).toBeCloseTo(0.06764, 5);
    expect(out.years).toBeCloseTo(4.998, 3);
    // Two trials that swap in the second half: each split's in-sample winner ranks last out of sample (PBO 1).
    expect(out.pbo).toBe(1);
    expect([out.rw, out.grade]).toEqual(['function', 'function']);
  });
});
