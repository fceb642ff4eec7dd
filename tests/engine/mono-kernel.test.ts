import { describe, expect, it } from 'vitest';
import { runMonoKernel, tradesToObjects, type MonoKernelOptions, type Signals } from '../../src/engine/index.js';
import { bars, levelsAt, on, type Bar } from './_scenario.js';

const FLAT: Bar = [100, 101, 99, 100];

function run(rows: readonly Bar[], signals: (n: number) => Signals, options: MonoKernelOptions = {}) {
  const candles = bars(rows);
  const result = runMonoKernel(candles, signals(rows.length), options);
  return { ...result, list: tradesToObjects(result.trades) };
}

describe('mono kernel fills', () => {
  it('fills a signal at the next bar open, never at the signal close', () => {
    const rows: Bar[] = [FLAT, [102, 103, 101, 102], [104, 105, 103, 104], [106, 107, 105, 106], [105, 106, 104, 105]];
    const { list, equity } = run(rows, (n) => ({ enterLong: on(n, 0), exitLong: on(n, 2) }));
    const units = 10_000 / 102;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ side: 'long', entryIndex: 1, exitIndex: 3, entryPrice: 102, exitPrice: 106, exitReason: 'signal', levelsFilled: 1 });
    expect(list[0].pnl).toBeCloseTo(units * 4, 9);
    expect(Array.from(equity)).toEqual([10_000, 10_000, 10_000 + units * 2, 10_000 + units * 4, 10_000 + units * 4].map((v) => expect.closeTo(v, 9)));
  });

  it('reverses at the next open when an exit and an opposite entry come on the same bar', () => {
    const rows: Bar[] = [FLAT, [102, 103, 101, 102], [104, 105, 103, 104], [106, 107, 105, 106], [105, 106, 104, 105]];
    const { list } = run(rows, (n) => ({ enterLong: on(n, 0), exitLong: on(n, 2), enterShort: on(n, 2) }));
    expect(list.map((t) => [t.side, t.entryIndex, t.exitIndex, t.entryPrice, t.exitPrice, t.exitReason])).toEqual([
      ['long', 1, 3, 102, 106, 'reverse'],
      ['short', 3, 4, 106, 105, 'end'],
    ]);
    expect(list[1].size).toBeCloseTo((10_000 + (10_000 / 102) * 4) / 106, 9);
  });

  it.each([
    ['reverse', [['long', 'reverse'], ['short', 'end']]],
    ['ignore', [['long', 'end']]],
  ] as const)('an opposite entry alone with oppositeEntry=%s gives %j', (mode, expected) => {
    const rows: Bar[] = [FLAT, FLAT, FLAT, FLAT];
    const { list } = run(rows, (n) => ({ enterLong: on(n, 0), enterShort: on(n, 1) }), { oppositeEntry: mode });
    expect(list.map((t) => [t.side, t.exitReason])).toEqual(expected);
  });

  it('rejects a signal array shorter than the candles, naming it', () => {
    expect(() => run([FLAT, FLAT, FLAT], () => ({ enterLong: on(2, 0) }))).toThrow(/signals.enterLong has 2 values for 3 candles/);
  });

  it('ignores signals before startIndex', () => {
    const { list } = run([FLAT, FLAT, FLAT, FLAT], (n) => ({ enterLong: on(n, 0, 2) }), { startIndex: 1 });
    expect(list.map((t) => t.entryIndex)).toEqual([3]);
  });

  it('closes a position still open after the last bar at the last close with reason end', () => {
    const { list, equity } = run([FLAT, FLAT, [100, 111, 99, 110]], (n) => ({ enterLong: on(n, 0) }));
    expect(list[0]).toMatchObject({ exitIndex: 2, exitPrice: 110, exitReason: 'end' });
    expect(equity[2]).toBeCloseTo(11_000, 9);
  });
});

describe('mono kernel stops and take-profits', () => {
  const entry: Bar = [100, 100.5, 99.5, 100];
  it.each([
    ['a stop at the stop price', { stopLossPct: 0.05 }, [99, 100, 94, 96], 95, 'stopLoss'],
    ['a gap through the stop at the open', { stopLossPct: 0.05 }, [93, 94, 90, 92], 93, 'stopLoss'],
    ['a take-profit traded through at the level', { takeProfitPct: 0.05 }, [101, 106, 100, 104], 105, 'takeProfit'],
    ['a take-profit opened beyond at the (better) open', { takeProfitPct: 0.05 }, [107, 108, 106, 107], 107, 'takeProfit'],
  ] as const)('long: %s', (_name, options, bar, exitPrice, reason) => {
    const { list } = run([FLAT, entry, bar, FLAT], (n) => ({ enterLong: on(n, 0) }), options);
    expect(list[0]).toMatchObject({ entryIndex: 1, exitIndex: 2, entryPrice: 100, exitPrice, exitReason: reason });
    expect(list[0].pnl).toBeCloseTo(100 * (exitPrice - 100), 9);
  });

  it.each([
    ['a stop at the stop price', { stopLossPct: 0.05 }, [101, 106, 100, 104], 105, 'stopLoss'],
    ['a gap through the stop at the open', { stopLossPct: 0.05 }, [107, 108, 106, 107], 107, 'stopLoss'],
    ['a take-profit at the level', { takeProfitPct: 0.05 }, [99, 100, 94, 96], 95, 'takeProfit'],
    ['a take-profit opened beyond at the open', { takeProfitPct: 0.05 }, [93, 94, 90, 92], 93, 'takeProfit'],
  ] as const)('short: %s', (_name, options, bar, exitPrice, reason) => {
    const { list } = run([FLAT, entry, bar, FLAT], (n) => ({ enterShort: on(n, 0) }), options);
    expect(list[0]).toMatchObject({ side: 'short', exitIndex: 2, exitPrice, exitReason: reason });
    expect(list[0].pnl).toBeCloseTo(100 * (100 - exitPrice), 9);
  });

  const GREEN: Bar = [100, 106, 94, 104];
  const RED: Bar = [100, 106, 94, 96];
  const NEAR_HIGH: Bar = [102, 106, 94, 100];
  const NEAR_LOW: Bar = [97, 106, 94, 100];
  it.each([
    ['long', 'pessimistic', GREEN, 'stopLoss'],
    ['long', 'pessimistic', RED, 'stopLoss'],
    ['long', 'color', GREEN, 'stopLoss'],
    ['long', 'color', RED, 'takeProfit'],
    ['long', 'adaptive', NEAR_HIGH, 'takeProfit'],
    ['long', 'adaptive', NEAR_LOW, 'stopLoss'],
    ['short', 'pessimistic', GREEN, 'stopLoss'],
    ['short', 'color', GREEN, 'takeProfit'],
    ['short', 'color', RED, 'stopLoss'],
    ['short', 'adaptive', NEAR_HIGH, 'stopLoss'],
    ['short', 'adaptive', NEAR_LOW, 'takeProfit'],
  ] as const)('%s under %s on bar %j spanning SL and TP exits by %s and counts one ambiguous bar', (side, intrabar, bar, reason) => {
    const signals = (n: number): Signals => (side === 'long' ? { enterLong: on(n, 0) } : { enterShort: on(n, 0) });
    const { list, ambiguousBars } = run([FLAT, entry, bar, FLAT], signals, { stopLossPct: 0.05, takeProfitPct: 0.05, intrabar });
    const stop = side === 'long' ? 95 : 105;
    expect(list[0]).toMatchObject({ exitIndex: 2, exitReason: reason, exitPrice: reason === 'stopLoss' ? stop : 200 - stop });
    expect(ambiguousBars).toBe(1);
  });

  it('checks the entry bar itself after the open fill', () => {
    const { list } = run([FLAT, [100, 101, 94, 96], FLAT], (n) => ({ enterLong: on(n, 0) }), { stopLossPct: 0.05 });
    expect(list[0]).toMatchObject({ entryIndex: 1, exitIndex: 1, exitPrice: 95, exitReason: 'stopLoss' });
  });

  it('trails the stop behind the best high of previous bars', () => {
    const rows: Bar[] = [FLAT, [100, 110, 99, 108], [108, 120, 100, 118], [118, 119, 107, 110], FLAT];
    const { list } = run(rows, (n) => ({ enterLong: on(n, 0) }), { trailingStopPct: 0.1 });
    expect(list[0]).toMatchObject({ exitIndex: 3, exitPrice: 108, exitReason: 'trailingStop' });
    expect(list[0].pnl).toBeCloseTo(800, 9);
  });

  it('takes the stop and take-profit levels from the signal bar', () => {
    const rows: Bar[] = [FLAT, entry, [99, 100, 96, 97], FLAT];
    const { list } = run(rows, (n) => ({ enterLong: on(n, 0), stopLong: levelsAt(n, { 0: 97, 1: 99.5 }), takeProfitLong: levelsAt(n, { 0: 120 }) }));
    expect(list[0]).toMatchObject({ exitIndex: 2, exitPrice: 97, exitReason: 'stopLoss' });
  });

  it('re-reads the level arrays of the previous bar with dynamicLevels', () => {
    const rows: Bar[] = [FLAT, entry, [99.8, 100, 99.4, 99.9], FLAT];
    const signals = (n: number): Signals => ({ enterLong: on(n, 0), stopLong: levelsAt(n, { 0: 97, 1: 99.5 }) });
    expect(run(rows, signals, { dynamicLevels: true }).list[0]).toMatchObject({ exitIndex: 2, exitPrice: 99.5, exitReason: 'stopLoss' });
    expect(run(rows, signals).list[0]).toMatchObject({ exitIndex: 3, exitReason: 'end' });
  });

  it('uses the tighter of a pct stop and a level stop', () => {
    const rows: Bar[] = [FLAT, entry, [99, 100, 90, 92], FLAT];
    const { list } = run(rows, (n) => ({ enterLong: on(n, 0), stopLong: levelsAt(n, { 0: 93 }) }), { stopLossPct: 0.05 });
    expect(list[0].exitPrice).toBe(95);
  });
});
