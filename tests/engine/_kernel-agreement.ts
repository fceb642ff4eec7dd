// Shared pieces of the kernel-vs-reference property tests: seeded random markets and the comparison.
import { expect } from 'vitest';
import type { Candles, Rng } from '../../src/core/index.js';
import { tradesToObjects, type KernelResult, type Trade } from '../../src/engine/index.js';
import { randomWalk } from '../helpers/random-walk.js';
import type { ReferenceResult } from './_reference-rules.js';

/** Relative tolerance of every float (equity, prices, sizes, P&L) against the reference. */
export const RELATIVE_TOLERANCE = 1e-9;

export function pick<T>(rng: Rng, values: readonly T[]): T {
  return values[Math.floor(rng.next() * values.length)];
}

/** Prices are multiples of TICK on a ticked market: exact in binary, so dojis, touches and ties really happen. */
export const TICK = 1 / 32;

export function toTick(price: number): number {
  return Math.round(price / TICK) * TICK;
}

/**
 * A random market of `n` bars: calm or wild, with or without opening gaps, on minute, hourly or 8-hour bars that
 * start on the UTC grid (so funding timestamps occur) or off it; half of them on a tick grid.
 */
export function randomMarket(rng: Rng, n: number): Candles & { ticked: boolean } {
  const stepMs = pick(rng, [60_000, 3_600_000, 8 * 3_600_000]);
  const candles = randomWalk(n, Math.floor(rng.next() * 1e9), {
    sigma: pick(rng, [0.0005, 0.002, 0.008, 0.02]),
    wick: pick(rng, [0, 0.002, 0.01]),
    gapChance: pick(rng, [0, 0.05, 0.3]),
    stepMs,
    startMs: pick(rng, [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1) + 7 * 60_000, 1_700_000_000_000]),
  });
  const ticked = rng.next() < 0.5;
  if (ticked) {
    const { open, high, low, close } = candles;
    for (let i = 0; i < n; i++) {
      open[i] = toTick(open[i]);
      close[i] = toTick(close[i]);
      high[i] = Math.max(toTick(high[i]), open[i], close[i]);
      low[i] = Math.min(toTick(low[i]), open[i], close[i]);
    }
  }
  return Object.assign(candles, { ticked });
}

/** Constant, per-bar (with NaN holes) or no funding; sometimes on a 1-hour interval. */
export function randomFunding(rng: Rng, n: number) {
  const intervalMs = pick(rng, [undefined, 3_600_000]);
  switch (pick(rng, ['none', 'rate', 'rates'] as const)) {
    case 'none':
      return undefined;
    case 'rate':
      return { rate: pick(rng, [0.0001, -0.0003, 0.002]), intervalMs };
    default:
      return { rates: Float64Array.from({ length: n }, () => (rng.next() < 0.2 ? Number.NaN : 0.001 * rng.normal())), intervalMs };
  }
}

/** Random fees and slippage, with the fee roles of stops, take-profits and limit entries flipped at random. */
export function randomFees(rng: Rng) {
  if (rng.next() < 0.2) return undefined;
  const role = () => pick(rng, [undefined, 'maker', 'taker'] as const);
  return {
    maker: pick(rng, [0, 0.0002, -0.0001]),
    taker: pick(rng, [0, 0.0005, 0.001]),
    slippage: pick(rng, [0, 0.0002, 0.002]),
    stopRole: role(),
    takeProfitRole: role(),
    limitEntryRole: role(),
  };
}

const EXACT_TRADE_FIELDS = ['side', 'entryIndex', 'exitIndex', 'entryTime', 'exitTime', 'exitReason', 'levelsFilled'] as const;
const FLOAT_TRADE_FIELDS = ['entryPrice', 'exitPrice', 'size', 'pnl', 'return', 'fees', 'funding'] as const;

function close(a: number, b: number, floor: number): boolean {
  return Object.is(a, b) || Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b), floor);
}

/** Orders trades by exit bar, side, entry bar, entry price and size (a bar's exits may come in any order). */
function canonical(trades: Trade[]): Trade[] {
  const rounded = (value: number) => Number(value.toPrecision(8));
  return [...trades].sort(
    (a, b) =>
      a.exitIndex - b.exitIndex || a.side.localeCompare(b.side) || a.entryIndex - b.entryIndex ||
      rounded(a.entryPrice) - rounded(b.entryPrice) || rounded(a.size) - rounded(b.size) || rounded(a.exitPrice) - rounded(b.exitPrice),
  );
}

/**
 * The first way a kernel run differs from the reference, or null: the same trades (discrete fields exactly,
 * floats to 1e-9 relative), equity to 1e-9 relative on every bar, the same ambiguous-bar and exposure counts.
 * `equity` false skips the curve (scoreOnly runs); their first / last equity and return moments are compared instead.
 */
export function firstDisagreement(actual: KernelResult, expected: ReferenceResult, compare: { equity: boolean; times: boolean }): string | null {
  const mine = canonical(tradesToObjects(actual.trades));
  const theirs = canonical(expected.trades);
  if (mine.length !== theirs.length) return `${mine.length} trades, the reference has ${theirs.length}: ${JSON.stringify(firstTradeDifference(mine, theirs))}`;
  for (let i = 0; i < mine.length; i++) {
    for (const field of EXACT_TRADE_FIELDS) {
      if (!compare.times && (field === 'entryTime' || field === 'exitTime')) continue;
      if (mine[i][field] !== theirs[i][field]) return `trade ${i} ${field}: ${mine[i][field]} vs reference ${theirs[i][field]}\n${JSON.stringify({ kernel: mine[i], reference: theirs[i] })}`;
    }
    for (const field of FLOAT_TRADE_FIELDS) {
      if (!close(mine[i][field], theirs[i][field], field === 'return' ? 1e-6 : 1)) return `trade ${i} ${field}: ${mine[i][field]} vs reference ${theirs[i][field]}\n${JSON.stringify({ kernel: mine[i], reference: theirs[i] })}`;
    }
  }
  const n = expected.equity.length;
  if (compare.equity) {
    if (actual.equity.length !== n) return `equity has ${actual.equity.length} bars, the reference ${n}`;
    for (let t = 0; t < n; t++) if (!close(actual.equity[t], expected.equity[t], 0)) return `equity[${t}]: ${actual.equity[t]} vs reference ${expected.equity[t]}`;
  }
  if (actual.ambiguousBars !== expected.ambiguousBars) return `ambiguousBars ${actual.ambiguousBars} vs reference ${expected.ambiguousBars}`;
  if (actual.barsInPosition !== expected.barsInPosition) return `barsInPosition ${actual.barsInPosition} vs reference ${expected.barsInPosition}`;
  return null;
}

function firstTradeDifference(mine: Trade[], theirs: Trade[]) {
  const i = mine.findIndex((trade, j) => theirs[j] === undefined || trade.exitIndex !== theirs[j].exitIndex || trade.entryIndex !== theirs[j].entryIndex);
  const at = i === -1 ? Math.min(mine.length, theirs.length) : i;
  return { index: at, kernel: mine[at], reference: theirs[at] };
}

/** Fails with the case's label (seed and options) and the first disagreement. */
export function expectAgreement(label: string, actual: KernelResult, expected: ReferenceResult, compare = { equity: true, times: true }): void {
  const disagreement = firstDisagreement(actual, expected, compare);
  expect(disagreement === null ? null : `${label}\n${disagreement}`).toBeNull();
}

/** |a - b| within the relative tolerance (for the return moments and first / last equity). */
export function closeTo(a: number | undefined, b: number): boolean {
  return a !== undefined && close(a, b, 1e-12);
}
