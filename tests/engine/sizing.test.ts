import { describe, expect, it } from 'vitest';
import { runMonoKernel, tradesToObjects, type MonoKernelOptions } from '../../src/engine/index.js';
import { bars, on, type Bar } from './_scenario.js';

function entrySize(open: number, options: MonoKernelOptions): number {
  const rows: Bar[] = [[open, open, open, open], [open, open + 1, open - 0.1, open], [open, open, open, open]];
  const trades = tradesToObjects(runMonoKernel(bars(rows), { enterLong: on(3, 0) }, options).trades);
  return trades.length === 0 ? 0 : trades[0].size;
}

describe('sizing', () => {
  it.each([
    ['all-in by default', 100, {}, 100],
    ['a fraction of equity', 100, { sizing: { mode: 'fraction', fraction: 0.25 } }, 25],
    ['a fraction with leverage', 100, { sizing: { mode: 'fraction', fraction: 0.5, leverage: 3 } }, 150],
    ['a fixed notional', 100, { sizing: { mode: 'fixed', notional: 1_500 } }, 15],
    ['whole units (lotSize 1)', 30, { sizing: { mode: 'fraction', lotSize: 1 } }, 333],
    ['0.01 lots', 30, { sizing: { mode: 'fraction', lotSize: 0.01 } }, 333.33],
    ['risk 1% with a 2% stop', 100, { sizing: { mode: 'risk', riskFraction: 0.01 }, stopLossPct: 0.02 }, 50],
    ['risk capped at equity x leverage', 100, { sizing: { mode: 'risk', riskFraction: 0.05 }, stopLossPct: 0.02 }, 100],
    ['risk without a stop skips the trade', 100, { sizing: { mode: 'risk', riskFraction: 0.01 } }, 0],
  ] as const)('%s', (_name, open, options, expected) => {
    expect(entrySize(open, options as MonoKernelOptions)).toBeCloseTo(expected, 9);
  });

  it('loses the risked fraction (before costs) when a risk-sized trade stops out', () => {
    const rows: Bar[] = [[100, 100, 100, 100], [100, 100.5, 97, 98], [98, 98, 98, 98]];
    const result = runMonoKernel(bars(rows), { enterLong: on(3, 0) }, { sizing: { mode: 'risk', riskFraction: 0.01 }, stopLossPct: 0.02 });
    expect(tradesToObjects(result.trades)[0].pnl).toBeCloseTo(-100, 9);
  });

  it('rejects invalid sizing with a message naming the option', () => {
    expect(() => entrySize(100, { sizing: { mode: 'fraction', leverage: 0 } })).toThrow(/sizing.leverage/);
    expect(() => entrySize(100, { sizing: { mode: 'fixed', notional: -1 } })).toThrow(/positive amount/);
  });
});
