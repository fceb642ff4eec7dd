import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
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
});

describe('the package entry', () => {
  it('exposes the honest-selection and forward-test statistics from the package entry, as a user imports them', async () => {
    const script = [
      "const m = await import('scalp');",
      "const v = m.forwardVerdict({ expected: { meanReturn: 0.001, stdReturn: 0.01 }, forward: [] });",
      "const pbo = m.probabilityOfBacktestOverfitting({ returns: [[1, 2, 3, 4], [4, 3, 2, 1]], partitions: 2, metric: 'mean' });",
      "console.log(JSON.stringify({ bound: v.maxDrawdownBound, years: m.minBacktestLength({ trials: 45, sharpe: 1 }), pbo: pbo.pbo, rw: typeof m.romanoWolf, grade: typeof m.gradeFamily }));",
    ].join(' ');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT });
    const out = JSON.parse(stdout);
    expect(out.bound).toBeCloseTo(0.06764, 5);
    expect(out.years).toBeCloseTo(4.998, 3);
    expect(out.pbo).toBeGreaterThanOrEqual(0);
    expect([out.rw, out.grade]).toEqual(['function', 'function']);
  });
});
