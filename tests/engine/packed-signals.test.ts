import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { randomWalk } from '../helpers/random-walk.js';
import { addReturnMoments, computeMetrics, packSignals, runMonoKernel, SIGNAL_BIT, type KernelResult, type MonoKernelOptions, type Signals } from '../../src/engine/index.js';
import { expectAgreement } from './_kernel-agreement.js';
import { referenceMono } from './_reference-mono.js';

// A trailing stop keeps the kernel on its general per-bar path (no quiet-bar skipping): each scenario runs both ways.
const TRAILING = { trailingStopPct: 0.03 };

const walk = (n: number, seed: number) => randomWalk(n, seed, { gapChance: 0.05 });

function randomSignals(n: number, seed: number, density: number): Required<Pick<Signals, 'enterLong' | 'exitLong' | 'enterShort' | 'exitShort'>> {
  const rng = createRng(seed);
  const pick = () => Uint8Array.from({ length: n }, () => (rng.next() < density ? 1 + Math.floor(rng.next() * 255) : 0));
  return { enterLong: pick(), exitLong: pick(), enterShort: pick(), exitShort: pick() };
}

function expectSameRun(actual: KernelResult, expected: KernelResult): void {
  expect(Array.from(actual.equity)).toEqual(Array.from(expected.equity));
  expect(actual.trades.count).toBe(expected.trades.count);
  for (const column of ['side', 'entryIndex', 'exitIndex', 'entryTime', 'exitTime', 'entryPrice', 'exitPrice', 'size', 'pnl', 'exitReason'] as const) {
    expect(Array.from(actual.trades[column].subarray(0, actual.trades.count))).toEqual(Array.from(expected.trades[column].subarray(0, expected.trades.count)));
  }
  expect([actual.ambiguousBars, actual.barsInPosition]).toEqual([expected.ambiguousBars, expected.barsInPosition]);
}

const SCENARIOS: [string, MonoKernelOptions][] = [
  ['no stops', {}],
  ['pct stop and take-profit', { stopLossPct: 0.01, takeProfitPct: 0.015 }],
  ['ignoring opposite entries, late start', { stopLossPct: 0.02, oppositeEntry: 'ignore', startIndex: 300 }],
  ['fees, slippage and risk sizing', { stopLossPct: 0.01, fees: { taker: 0.0005, maker: 0.0002, slippage: 0.0003 }, sizing: { mode: 'risk', riskFraction: 0.01 } }],
  ['funding', { funding: { rate: 0.0001 } }],
];

describe('packed signals', () => {
  it('packs each signal into its own bit, any non-zero byte counting as on', () => {
    const signals = { enterLong: Uint8Array.of(0, 7, 0, 0, 1), exitLong: Uint8Array.of(0, 0, 255, 0, 1), enterShort: Uint8Array.of(0, 0, 0, 2, 1) };
    expect(Array.from(packSignals(signals, 5))).toEqual([0, SIGNAL_BIT.enterLong, SIGNAL_BIT.exitLong, SIGNAL_BIT.enterShort, 7]);
  });

  it.each(SCENARIOS)('trade exactly like the four arrays and the per-bar reference, with and without a trailing stop (%s)', (label, options) => {
    for (const [seed, density] of [[1, 0.02], [2, 0.2], [3, 0.002]]) {
      const candles = walk(3_000, seed);
      const four = randomSignals(3_000, seed + 50, density);
      const packed = packSignals(four, 3_000);
      // Bits above the four signals are ignored.
      for (let t = 0; t < packed.length; t += 7) packed[t] |= 0xf0;
      for (const run of [options, { ...options, ...TRAILING }]) {
        const expected = runMonoKernel(candles, four, run);
        expectSameRun(runMonoKernel(candles, { packed }, run), expected);
        expectAgreement(`${label}, seed ${seed}, ${JSON.stringify(run)}`, expected, referenceMono(candles, four, run));
      }
    }
  });

  it('keeps level stops and take-profits next to the packed byte', () => {
    const candles = walk(3_000, 9);
    const four = randomSignals(3_000, 19, 0.02);
    const levels = { stopLong: Float64Array.from(candles.close, (c) => c * 0.99), takeProfitShort: Float64Array.from(candles.close, (c) => c * 0.98) };
    expectSameRun(runMonoKernel(candles, { packed: packSignals(four, 3_000), ...levels }), runMonoKernel(candles, { ...four, ...levels }));
  });

  it('marks through signal bars like the per-bar reference: before the start, with sparse levels, on the last bars', () => {
    for (const seed of [21, 22, 23]) {
      const n = 1_500;
      const candles = walk(n, seed);
      const four = randomSignals(n, seed + 5, 0.03);
      for (const key of ['enterLong', 'exitLong', 'enterShort', 'exitShort'] as const) four[key][n - 1] = four[key][n - 2] = 1;
      const rng = createRng(seed);
      // Levels on a few bars only: most entries get none, so positions mostly run without stop or take-profit.
      const sparse = (factor: number) => Float64Array.from(candles.close, (c) => (rng.next() < 0.1 ? c * factor : Number.NaN));
      const signals = { packed: packSignals(four, n), stopLong: sparse(0.99), takeProfitLong: sparse(1.02), stopShort: sparse(1.01) };
      for (const options of [{ startIndex: 700 }, { startIndex: 0, oppositeEntry: 'ignore' as const }]) {
        const expected = referenceMono(candles, signals, options);
        expect(expected.trades.length).toBeGreaterThan(5);
        expectAgreement(`seed ${seed}, ${JSON.stringify(options)}`, runMonoKernel(candles, signals, options), expected);
      }
    }
  });

  it('rejects signals given both packed and as separate arrays', () => {
    const candles = walk(10, 1);
    expect(() => runMonoKernel(candles, { packed: new Uint8Array(10), enterLong: new Uint8Array(10) })).toThrow(/either `packed` or the four arrays/);
  });

  it('rejects a packed array shorter than the candles, naming it', () => {
    expect(() => runMonoKernel(walk(10, 1), { packed: new Uint8Array(9) })).toThrow(/signals.packed has 9 values for 10 candles/);
  });
});

describe('mono kernel return moments', () => {
  it.each(SCENARIOS)('equal a separate pass over the final equity to the last bit (%s)', (_label, options) => {
    for (const [seed, density] of [[4, 0.02], [5, 0.3], [6, 0]]) {
      const candles = walk(2_500, seed);
      const signals = randomSignals(2_500, seed + 70, density);
      for (const run of [runMonoKernel(candles, signals, options), runMonoKernel(candles, signals, { ...options, ...TRAILING })]) {
        const moments = new Float64Array(3);
        addReturnMoments(run.equity, moments);
        expect([run.returnSum, run.returnSquares, run.returnDownsideSquares]).toEqual(Array.from(moments));
        // So the metrics from the kernel's moments are the metrics of the curve.
        const given = computeMetrics(run.equity, run.trades, { barsPerYear: 8_760, returnSum: run.returnSum, returnSquares: run.returnSquares, returnDownsideSquares: run.returnDownsideSquares });
        expect(given).toEqual(computeMetrics(run.equity, run.trades, { barsPerYear: 8_760 }));
      }
    }
  });

  it('counts the last bar after a position is closed there at the end', () => {
    const candles = walk(50, 8);
    const run = runMonoKernel(candles, { packed: Uint8Array.from({ length: 50 }, (_, t) => (t === 10 ? SIGNAL_BIT.enterLong : 0)) });
    expect(run.trades.count).toBe(1);
    const moments = new Float64Array(3);
    addReturnMoments(run.equity, moments);
    expect([run.returnSum, run.returnSquares, run.returnDownsideSquares]).toEqual(Array.from(moments));
  });

  it.each([0, 1, 2])('are zero for %i bars without a return', (n) => {
    const run = runMonoKernel(walk(n, 1), { packed: new Uint8Array(n) });
    expect([run.returnSum, run.returnSquares, run.returnDownsideSquares]).toEqual([0, 0, 0]);
  });
});

describe('mono kernel scoreOnly', () => {
  it.each(SCENARIOS)('ranks on exactly what a full run gives, without writing the equity curve (%s)', (_label, options) => {
    for (const [seed, density] of [[7, 0.02], [8, 0.3], [9, 0]]) {
      const candles = walk(2_500, seed);
      const packed = packSignals(randomSignals(2_500, seed + 90, density), 2_500);
      for (const extra of [{}, TRAILING]) {
        const full = runMonoKernel(candles, { packed }, { ...options, ...extra });
        const score = runMonoKernel(candles, { packed }, { ...options, ...extra, scoreOnly: true });
        expect(score.equity).toHaveLength(0);
        expect([score.returnSum, score.returnSquares, score.firstEquity, score.lastEquity]).toEqual([full.returnSum, full.returnSquares, full.equity[0], full.equity[2_499]]);
        expect(score.returnDownsideSquares).toBeUndefined();
        expect([score.trades.count, score.barsInPosition, score.ambiguousBars]).toEqual([full.trades.count, full.barsInPosition, full.ambiguousBars]);
        for (const column of ['side', 'entryIndex', 'exitIndex', 'entryPrice', 'exitPrice', 'size', 'pnl', 'return', 'fees', 'exitReason'] as const) {
          expect(Array.from(score.trades[column].subarray(0, score.trades.count))).toEqual(Array.from(full.trades[column].subarray(0, full.trades.count)));
        }
      }
    }
  });

  it.each([0, 1, 2])('reports the first and last equity of %i bars', (n) => {
    const run = runMonoKernel(walk(n, 1), { packed: new Uint8Array(n) }, { scoreOnly: true, initialCash: 500 });
    expect([run.firstEquity, run.lastEquity]).toEqual(n === 0 ? [0, 0] : [500, 500]);
  });
});


describe('packSignals word path', () => {
  it('packs like the per-byte rule on aligned and unaligned arrays of any length (four bytes at a time where it can)', () => {
    for (const [length, offset] of [[0, 0], [3, 0], [4, 0], [1001, 0], [1001, 1], [1002, 3], [64, 2]]) {
      const byte = (i: number, k: number) => ((i * 7 + k * 13) % 11 === 0 ? 0 : (i * 31 + k) % 5 === 0 ? (i * 17 + k) % 256 : 0);
      const arrays = [0, 1, 2, 3].map((k) => Uint8Array.from({ length: length + offset }, (_, i) => byte(i, k)).subarray(offset));
      const signals = { enterLong: arrays[0], exitLong: arrays[1], enterShort: arrays[2], exitShort: arrays[3] };
      const expected = Uint8Array.from({ length }, (_, t) => arrays.reduce((code, values, k) => code | (values[t] !== 0 ? 1 << k : 0), 0));
      expect(Array.from(packSignals(signals, length))).toEqual(Array.from(expected));
      const out = new Uint8Array(length + 5).fill(0xff).subarray(1);
      expect(Array.from(packSignals({ exitLong: arrays[1] }, length, out).subarray(0, length))).toEqual(Array.from(expected, (code) => code & 2));
    }
  });
});
