import { nearestLevels, type GridLevels } from '../engine/index.js';

/**
 * Signal / level arrays a plan allocates (the only allocations of a plan besides cached indicators). A grid
 * search builds one plan per combo on the same candles, so arrays handed back with `recyclePlanArrays` are reused
 * by the next plan (refilled with 0 / NaN) instead of allocating and garbage-collecting megabytes per combo.
 * Only arrays made here are ever recycled (never cached indicator arrays a plan may also reference).
 */
const MAX_FREE_PER_LENGTH = 4;
/**
 * Most bytes of free arrays kept per thread. A plan holds a few arrays at once, so a few per length serve every
 * next plan; counting by bytes keeps 1M-bar level arrays (up to 64 MB each) from piling up per worker.
 */
const MAX_FREE_BYTES = 96 * 1024 * 1024;
const madeHere = new WeakSet<object>();
const isFree = new WeakSet<object>();
const freeBytes = new Map<number, Uint8Array[]>();
const freeFloats = new Map<number, Float64Array[]>();
let heldBytes = 0;

function take<T extends Uint8Array | Float64Array>(pool: Map<number, T[]>, length: number): T | undefined {
  const array = pool.get(length)?.pop();
  if (array !== undefined) {
    isFree.delete(array);
    heldBytes -= array.byteLength;
  }
  return array;
}

function made<T extends object>(array: T): T {
  madeHere.add(array);
  return array;
}

export function signalArray(length: number): Uint8Array {
  return take(freeBytes, length)?.fill(0) ?? made(new Uint8Array(length));
}

/** A per-bar price array, NaN (= no level) everywhere. */
export function levelArray(length: number): Float64Array {
  return (take(freeFloats, length) ?? made(new Float64Array(length))).fill(Number.NaN);
}

/** Row-major `length x levelCount` grid level prices, NaN (= inactive) everywhere. */
export function gridLevelArray(length: number, levelCount: number): Float64Array {
  return levelArray(length * levelCount);
}

/**
 * The grid levels of a plan with each side's nearest level per bar (engine `nearestLevels`) computed once, so
 * every window the plan runs on scans its flat stretches with one comparison per bar. Nearest arrays already
 * given are kept. Recycled with the plan.
 */
export function withNearestLevels(levels: GridLevels): GridLevels {
  const n = Math.floor((levels.long ?? levels.short ?? new Float64Array(0)).length / levels.levelCount);
  const nearest = (side: Float64Array | undefined, given: Float64Array | undefined, direction: 1 | -1) =>
    side === undefined ? undefined : (given ?? nearestLevels(side, levels.levelCount, direction, take(freeFloats, n) ?? made(new Float64Array(n))));
  return { ...levels, nearestLong: nearest(levels.long, levels.nearestLong, 1), nearestShort: nearest(levels.short, levels.nearestShort, -1) };
}

/** Hands arrays of a finished plan back for reuse; arrays not made here, or already handed back, are ignored. */
export function recyclePlanArrays(arrays: Iterable<unknown>): void {
  for (const array of arrays) {
    if (!(array instanceof Uint8Array || array instanceof Float64Array) || !madeHere.has(array) || isFree.has(array)) continue;
    const pool = (array instanceof Uint8Array ? freeBytes : freeFloats) as Map<number, (Uint8Array | Float64Array)[]>;
    let free = pool.get(array.length);
    if (free === undefined) pool.set(array.length, (free = []));
    if (free.length >= MAX_FREE_PER_LENGTH || heldBytes + array.byteLength > MAX_FREE_BYTES) continue;
    free.push(array);
    isFree.add(array);
    heldBytes += array.byteLength;
  }
}

/** A fraction parameter where 0 means "off": undefined for 0, the value otherwise. */
export function optionalFraction(value: number): number | undefined {
  return value > 0 ? value : undefined;
}
