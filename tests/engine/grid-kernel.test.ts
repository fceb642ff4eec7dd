import { describe, expect, it } from 'vitest';
import { createKernelScratch, runGridKernel, runMonoKernel, tradesToObjects, type GridKernelOptions, type GridLevels } from '../../src/engine/index.js';
import { bars, constantLevels, levelsAt, on, type Bar } from './_scenario.js';

const FLAT: Bar = [100, 100.5, 99.5, 100];

function run(rows: readonly Bar[], levels: (n: number) => GridLevels, options: GridKernelOptions = {}) {
  const result = runGridKernel(bars(rows), levels(rows.length), options);
  return { ...result, list: tradesToObjects(result.trades) };
}

/** Units bought by one level: a third of 10_000 at its fill price. */
const third = (price: number) => 10_000 / 3 / price;

describe('grid kernel', () => {
  it('fills levels one by one and takes profit at a moving SMA on the whole averaged position', () => {
    const rows: Bar[] = [FLAT, [100, 100.2, 98.5, 99], [99, 99.5, 97.5, 98], [98, 100.6, 97.8, 100.4], FLAT];
    const { list, equity } = run(rows, (n) => ({ levelCount: 3, long: constantLevels(n, [99, 98, 97]), takeProfit: levelsAt(n, { 0: 101, 1: 100.5, 2: 100, 3: 100 }) }));
    const units = third(99) + third(98);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ side: 'long', entryIndex: 1, exitIndex: 3, exitPrice: 100, exitReason: 'takeProfit', levelsFilled: 2 });
    expect(list[0].size).toBeCloseTo(units, 9);
    expect(list[0].entryPrice).toBeCloseTo((third(99) * 99 + third(98) * 98) / units, 9);
    expect(list[0].pnl).toBeCloseTo(third(99) * 1 + third(98) * 2, 9);
    expect(equity[1]).toBeCloseTo(10_000 + third(99) * (99 - 99), 9);
    expect(equity[2]).toBeCloseTo(10_000 + third(99) * (98 - 99), 9);
    expect(equity[4]).toBeCloseTo(10_000 + list[0].pnl, 9);
  });

  it('fills a level at the open when the bar opens beyond it', () => {
    const rows: Bar[] = [FLAT, [98.5, 99, 98.2, 98.8], FLAT];
    const { list } = run(rows, (n) => ({ levelCount: 2, long: constantLevels(n, [99, 97]) }));
    expect(list[0]).toMatchObject({ entryPrice: 98.5, levelsFilled: 1, exitReason: 'end' });
  });

  it('stops out on the average price, re-computed after each level fill', () => {
    const rows: Bar[] = [FLAT, [100, 100.2, 98.5, 99], [99, 99.5, 97.5, 98], [98, 98.2, 96, 96.5], FLAT];
    const { list } = run(rows, (n) => ({ levelCount: 3, long: constantLevels(n, [99, 98, 97]) }), { stopLossPct: 0.02 });
    const units = third(99) + third(98) + third(97);
    const average = (third(99) * 99 + third(98) * 98 + third(97) * 97) / units;
    expect(list[0]).toMatchObject({ exitIndex: 3, exitReason: 'stopLoss', levelsFilled: 3 });
    expect(list[0].exitPrice).toBeCloseTo(average * 0.98, 9);
    expect(list[0].pnl).toBeCloseTo(units * (average * 0.98 - average), 9);
  });

  it('runs independent long and short books in both-sides mode', () => {
    const rows: Bar[] = [FLAT, [100, 101.5, 98.5, 100], [100, 101, 99, 100], FLAT];
    const { list } = run(rows, (n) => ({
      levelCount: 1,
      long: constantLevels(n, [99]),
      short: constantLevels(n, [101]),
      takeProfitLong: levelsAt(n, { 0: 100.5, 1: 100.5 }),
      takeProfitShort: levelsAt(n, { 0: 99.5, 1: 99.5 }),
    }), { sizing: { mode: 'fixed', notional: 1_000 } });
    expect(list.map((t) => [t.side, t.entryIndex, t.exitIndex, t.entryPrice, t.exitPrice, t.exitReason])).toEqual([
      ['long', 1, 2, 99, 100.5, 'takeProfit'],
      ['short', 1, 2, 101, 99.5, 'takeProfit'],
    ]);
    expect(list[1].pnl).toBeCloseTo((1_000 / 101) * 1.5, 9);
  });

  it('force-closes at the next open on a force-close signal and re-arms afterwards', () => {
    const rows: Bar[] = [FLAT, [100, 100.2, 98.5, 99], FLAT, [97, 98, 96, 97.5], [98.5, 99.5, 98.5, 99.2]];
    const { list } = run(rows, (n) => ({ levelCount: 1, long: constantLevels(n, [99]), forceClose: on(n, 2) }), { sizing: { mode: 'fixed', notional: 990 } });
    expect(list.map((t) => [t.entryIndex, t.exitIndex, t.entryPrice, t.exitPrice, t.exitReason])).toEqual([
      [1, 3, 99, 97, 'forceClose'],
      [4, 4, 98.5, 99.2, 'end'],
    ]);
  });

  it('re-arms a level only from the bar after its exit', () => {
    const rows: Bar[] = [FLAT, [100, 100.2, 98.5, 99], [99, 101, 98, 98.5], [98.5, 99, 98, 98.8]];
    const { list } = run(rows, (n) => ({ levelCount: 1, long: constantLevels(n, [99]) }), { takeProfitPct: 0.01, intrabar: 'color' });
    // Bar 2 is red (high first): the TP fills at 99.99; the bar then trades back through 99 but waits for bar 3.
    expect(list.map((t) => [t.entryIndex, t.exitIndex, t.exitReason])).toEqual([
      [1, 2, 'takeProfit'],
      [3, 3, 'end'],
    ]);
    expect(list[1].entryPrice).toBe(98.5);
  });

  it('exits each level on its own in perLevel mode', () => {
    const rows: Bar[] = [FLAT, [100, 100.2, 97.5, 98], [98, 99.2, 97.8, 99], FLAT];
    const { list } = run(rows, (n) => ({ levelCount: 2, long: constantLevels(n, [99, 98]) }), { exitMode: 'perLevel', takeProfitPct: 0.01 });
    expect(list.map((t) => [t.entryPrice, t.exitIndex, t.exitPrice, t.exitReason, t.levelsFilled])).toEqual([
      [98, 2, 98.98, 'takeProfit', 1],
      [99, 3, 100, 'takeProfit', 1],
    ]);
  });

  it.each([
    ['pessimistic', [[1, 2, 'end']]],
    ['color', [[1, 1, 'takeProfit'], [2, 2, 'end']]],
  ] as const)('under %s a level filled inside a bar takes profit in that bar only when the path allows it', (intrabar, expected) => {
    const rows: Bar[] = [FLAT, [99.5, 101, 98.8, 99.6], [99.5, 99.7, 98.5, 99]];
    const { list } = run(rows, (n) => ({ levelCount: 1, long: constantLevels(n, [99]) }), { takeProfitPct: 0.01, intrabar });
    expect(list.map((t) => [t.entryIndex, t.exitIndex, t.exitReason])).toEqual(expected);
  });

  it('does not count a level that sizes to zero units as a fill inside the bar (the pessimistic take-profit still fires)', () => {
    // Bar 1 fills 99; bar 2 reaches the weight-0 level 98 (no units, so no fill) and trades up through the 99.99 take-profit.
    const rows: Bar[] = [FLAT, [100, 100.2, 98.9, 99.2], [99.2, 100.5, 97.5, 99.5], FLAT];
    const { list } = run(rows, (n) => ({ levelCount: 2, long: constantLevels(n, [99, 98]) }), { levelWeights: [1, 0], takeProfitPct: 0.01 });
    expect(list.map((t) => [t.entryIndex, t.exitIndex, t.exitPrice, t.exitReason, t.levelsFilled])).toEqual([[1, 2, 99.99, 'takeProfit', 1]]);
  });

  it.each([
    ['pessimistic', 'stopLoss'],
    ['color', 'takeProfit'],
  ] as const)('under %s a red bar spanning the average stop and the take-profit exits by %s', (intrabar, reason) => {
    const rows: Bar[] = [FLAT, [100, 100.2, 98.5, 99], [99, 102, 96, 97], FLAT];
    const { list, ambiguousBars } = run(rows, (n) => ({ levelCount: 1, long: constantLevels(n, [99]) }), { stopLossPct: 0.02, takeProfitPct: 0.02, intrabar });
    expect(list[0]).toMatchObject({ exitIndex: 2, exitReason: reason });
    expect(ambiguousBars).toBe(1);
  });

  it('charges the maker fee on limit entries and takes sizes from levelWeights', () => {
    const rows: Bar[] = [FLAT, [100, 100.2, 97.5, 98], FLAT];
    const { list } = run(rows, (n) => ({ levelCount: 2, long: constantLevels(n, [99, 98]) }), {
      levelWeights: [0.2, 0.4],
      fees: { maker: 0.001, taker: 0.002 },
    });
    const units = 2_000 / 99 + 4_000 / 98;
    expect(list[0].size).toBeCloseTo(units, 9);
    expect(list[0].fees).toBeCloseTo(0.001 * 6_000 + 0.002 * units * 100, 9);
  });

  it('mirrors everything for a short-only book: levels above, take-profit below, stop above the average', () => {
    const rows: Bar[] = [FLAT, [100, 101.5, 99.8, 101], [101, 102.5, 100.8, 102], [102, 104.5, 101.5, 104], FLAT];
    const { list } = run(rows, (n) => ({ levelCount: 2, short: constantLevels(n, [101, 102]) }), { stopLossPct: 0.02, sizing: { mode: 'fixed', notional: 2_000 } });
    const units = 1_000 / 101 + 1_000 / 102;
    const average = 2_000 / units;
    expect(list[0]).toMatchObject({ side: 'short', entryIndex: 1, exitIndex: 3, exitReason: 'stopLoss', levelsFilled: 2 });
    expect(list[0].entryPrice).toBeCloseTo(average, 9);
    expect(list[0].exitPrice).toBeCloseTo(average * 1.02, 9);
    expect(list[0].pnl).toBeCloseTo(-units * average * 0.02, 9);
  });

  it('charges funding on the open grid position at 8h boundaries', () => {
    const rows: Bar[] = [FLAT, [100, 100.2, 98.5, 99], [99, 99.5, 98.8, 99], [99, 99.5, 98.8, 99]];
    const { list } = run(rows, (n) => ({ levelCount: 1, long: constantLevels(n, [99]) }), { sizing: { mode: 'fixed', notional: 990 }, funding: { rate: 0.001 } });
    expect(list[0].funding).toBeCloseTo(0.001 * 10 * 99, 9);
    expect(list[0].pnl).toBeCloseTo(-0.99, 9);
  });

  it('gives identical results when a scratch is reused across runs', () => {
    const rows: Bar[] = [FLAT, [100, 100.2, 98.5, 99], [99, 99.5, 97.5, 98], [98, 100.6, 97.8, 100.4], FLAT];
    const candles = bars(rows);
    const levels = { levelCount: 3, long: constantLevels(5, [99, 98, 97]), takeProfit: levelsAt(5, { 2: 100 }) };
    const scratch = createKernelScratch(2, 1);
    const first = tradesToObjects(runGridKernel(candles, levels, {}, scratch).trades);
    const firstEquity = Array.from(scratch.equity.subarray(0, 5));
    runMonoKernel(candles, { enterShort: on(5, 0) }, {}, scratch);
    const again = runGridKernel(candles, levels, {}, scratch);
    expect(tradesToObjects(again.trades)).toEqual(first);
    expect(Array.from(again.equity)).toEqual(firstEquity);
  });
});

