import { describe, expect, it } from 'vitest';
import { createRng, sliceCandles, type Candles } from '../../src/core/index.js';
import { runGridKernel, runMonoKernel, tradesToObjects, type Trade } from '../../src/engine/index.js';
import { bars, type Bar } from './_scenario.js';

const N = 400;

function randomWalk(seed: number): Candles {
  const rng = createRng(seed);
  const rows: Bar[] = [];
  let price = 100;
  for (let i = 0; i < N; i++) {
    const open = price * (1 + 0.002 * rng.normal());
    const close = open * (1 + 0.01 * rng.normal());
    const high = Math.max(open, close) * (1 + 0.004 * rng.next());
    const low = Math.min(open, close) * (1 - 0.004 * rng.next());
    rows.push([open, high, low, close]);
    price = close;
  }
  return bars(rows, 300_000);
}

function randomFlags(seed: number, probability: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: N }, () => (rng.next() < probability ? 1 : 0));
}

/**
 * A run on candles cut at k (bars 0..k-1) must repeat the full run: the same trades closed by bar k-1 (except the
 * cut run's own 'end' close-out), and the same equity before bar k-1 (whose close the cut run may spend closing out).
 */
function expectPrefixAgreement(full: { list: Trade[]; equity: Float64Array }, cut: { list: Trade[]; equity: Float64Array }, k: number) {
  const closedByCut = (list: Trade[]) => list.filter((t) => t.exitIndex < k - 1 || (t.exitIndex === k - 1 && t.exitReason !== 'end'));
  expect(closedByCut(cut.list)).toEqual(closedByCut(full.list));
  expect(cut.list.filter((t) => t.exitReason === 'end').every((t) => t.exitIndex === k - 1)).toBe(true);
  expect(Array.from(cut.equity.subarray(0, k - 1))).toEqual(Array.from(full.equity.subarray(0, k - 1)));
}

describe('no lookahead', () => {
  const candles = randomWalk(7);
  const signals = {
    enterLong: randomFlags(1, 0.05),
    exitLong: randomFlags(2, 0.05),
    enterShort: randomFlags(3, 0.05),
    exitShort: randomFlags(4, 0.05),
  };
  const options = { stopLossPct: 0.01, takeProfitPct: 0.015, trailingStopPct: 0.02, fees: { maker: 0.0002, taker: 0.0005, slippage: 0.0003 }, startIndex: 5 };

  it.each([50, 123, 200, 399])('the mono kernel cut at bar %i repeats the full run before the cut', (k) => {
    const run = (c: Candles, length: number) => {
      const cutSignals = Object.fromEntries(Object.entries(signals).map(([key, value]) => [key, value.subarray(0, length)]));
      const result = runMonoKernel(c, cutSignals, options);
      return { list: tradesToObjects(result.trades), equity: result.equity };
    };
    const full = run(candles, N);
    expect(full.list.length).toBeGreaterThan(10);
    expectPrefixAgreement(full, run(sliceCandles(candles, 0, k), k), k);
  });

  it.each([50, 200, 399])('the grid kernel cut at bar %i repeats the full run before the cut', (k) => {
    const levelCount = 3;
    const long = new Float64Array(N * levelCount);
    const short = new Float64Array(N * levelCount);
    const takeProfit = new Float64Array(N);
    for (let t = 0; t < N; t++) {
      const c = candles.close[t];
      for (let j = 0; j < levelCount; j++) {
        long[t * levelCount + j] = c * (1 - 0.004 * (j + 1));
        short[t * levelCount + j] = c * (1 + 0.004 * (j + 1));
      }
      takeProfit[t] = c;
    }
    const run = (length: number) => {
      const result = runGridKernel(
        sliceCandles(candles, 0, length),
        { levelCount, long: long.subarray(0, length * levelCount), short: short.subarray(0, length * levelCount), takeProfit: takeProfit.subarray(0, length) },
        { stopLossPct: 0.02, fees: { maker: 0.0002, taker: 0.0005 } },
      );
      return { list: tradesToObjects(result.trades), equity: result.equity.slice() };
    };
    const full = run(N);
    expect(full.list.length).toBeGreaterThan(10);
    expectPrefixAgreement(full, run(k), k);
  });
});
