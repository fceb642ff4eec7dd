import { describe, expect, it } from 'vitest';
import { runMonoKernel, tradesToObjects, type MonoKernelOptions, type Signals } from '../../src/engine/index.js';
import { bars, on, type Bar } from './_scenario.js';

const FLAT: Bar = [100, 101, 99, 100];
const fees = { maker: 0.0005, taker: 0.001, slippage: 0.001 };

function firstTrade(rows: readonly Bar[], signals: (n: number) => Signals, options: MonoKernelOptions) {
  const result = runMonoKernel(bars(rows), signals(rows.length), options);
  return { trade: tradesToObjects(result.trades)[0], equity: result.equity };
}

describe('costs', () => {
  it('charges taker + slippage on a market entry and maker without slippage on a take-profit', () => {
    const rows: Bar[] = [FLAT, FLAT, [101, 106, 100, 104], FLAT];
    const { trade } = firstTrade(rows, (n) => ({ enterLong: on(n, 0) }), { fees, takeProfitPct: 0.05 });
    const fill = 100 * 1.001;
    const units = 10_000 / fill;
    const exit = fill * 1.05;
    expect(trade.entryPrice).toBeCloseTo(fill, 12);
    expect(trade.exitPrice).toBeCloseTo(exit, 12);
    expect(trade.fees).toBeCloseTo(10 + 0.0005 * units * exit, 9);
    expect(trade.pnl).toBeCloseTo(units * (exit - fill) - 10 - 5.25, 9);
  });

  it('charges taker fee and adverse slippage on a stop fill', () => {
    const rows: Bar[] = [FLAT, FLAT, [99, 100, 90, 92], FLAT];
    const { trade } = firstTrade(rows, (n) => ({ enterShort: on(n, 0) }), { fees, stopLossPct: 0.05 }); // short: no stop hit
    expect(trade.exitReason).toBe('end');
    const long = firstTrade(rows, (n) => ({ enterLong: on(n, 0) }), { fees, stopLossPct: 0.05 }).trade;
    const fill = 100.1;
    const units = 10_000 / fill;
    const stop = fill * 0.95;
    const exit = stop * (1 - 0.001);
    expect(long.exitPrice).toBeCloseTo(exit, 12);
    expect(long.fees).toBeCloseTo(10 + 0.001 * units * exit, 9);
    expect(long.pnl).toBeCloseTo(units * (exit - fill) - long.fees, 9);
  });

  it('lets take-profits pay the taker fee when configured', () => {
    const rows: Bar[] = [FLAT, FLAT, [101, 106, 100, 104], FLAT];
    const { trade } = firstTrade(rows, (n) => ({ enterLong: on(n, 0) }), { fees: { ...fees, slippage: 0, takeProfitRole: 'taker' }, takeProfitPct: 0.05 });
    expect(trade.fees).toBeCloseTo(10 + 10.5, 9);
  });

  it('sells a short entry below the open and buys it back above the close-out price', () => {
    const rows: Bar[] = [FLAT, FLAT, FLAT, [100, 101, 99, 100]];
    const { trade, equity } = firstTrade(rows, (n) => ({ enterShort: on(n, 0) }), { fees: { taker: 0.001, slippage: 0.002 } });
    expect(trade.entryPrice).toBeCloseTo(99.8, 12);
    expect(trade.exitPrice).toBeCloseTo(100.2, 12);
    const units = 10_000 / 99.8;
    expect(trade.pnl).toBeCloseTo(units * (99.8 - 100.2) - 10 - 0.001 * units * 100.2, 9);
    expect(equity[3]).toBeCloseTo(10_000 + trade.pnl, 9);
  });
});

describe('funding', () => {
  // Bars are 1h from 06:00 UTC: index 2 is 08:00 (a funding time), index 10 is 16:00.
  const rows: Bar[] = Array.from({ length: 12 }, () => FLAT);

  it.each([
    ['long pays a positive rate', 'long', 0.0001, -2],
    ['short receives a positive rate', 'short', 0.0001, 2],
    ['long receives a negative rate', 'long', -0.0001, 2],
  ] as const)('%s at 08:00 and 16:00 on the open notional', (_name, side, rate, expectedFunding) => {
    const signals = (n: number): Signals => (side === 'long' ? { enterLong: on(n, 0) } : { enterShort: on(n, 0) });
    const { trade, equity } = firstTrade(rows, signals, { funding: { rate } });
    expect(trade.funding).toBeCloseTo(-expectedFunding, 9);
    expect(trade.pnl).toBeCloseTo(expectedFunding, 9);
    expect(equity[1]).toBeCloseTo(10_000, 9);
    expect(equity[2]).toBeCloseTo(10_000 + expectedFunding / 2, 9);
  });

  it('reads per-bar rates at funding bars only', () => {
    const rates = new Float64Array(rows.length).fill(0.5);
    rates[2] = 0.0002;
    rates[10] = -0.0001;
    const { trade } = firstTrade(rows, (n) => ({ enterLong: on(n, 0) }), { funding: { rates } });
    expect(trade.funding).toBeCloseTo(10_000 * (0.0002 - 0.0001), 9);
  });

  it('does not charge a position opened at the funding bar open', () => {
    const { trade } = firstTrade(rows, (n) => ({ enterLong: on(n, 1), exitLong: on(n, 3) }), { funding: { rate: 0.01 } });
    expect(trade.entryIndex).toBe(2);
    expect(trade.funding).toBe(0);
  });
});
