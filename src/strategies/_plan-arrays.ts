import { nearestLevels, type GridLevels } from '../engine/index.js';

/**
 * Signal / level arrays a plan allocates (the only allocations of a plan besides cached indicators). A grid
 * search builds one plan per combo on the same candles, so arrays handed back with `recyclePlanArrays` are reused
 * by the next plan (refilled with 0 / NaN) instead of allocating and garbage-collecting megabytes per combo.
 * Only arrays made here are ever recycled (never cached indicator arrays a plan may also reference).
 */
const MAX_FREE_PER_LENGTH = 16;
const madeHere = new WeakSet<object>();
const isFree = new WeakSet<object>();
const freeBytes = new Map<number, Uint8Array[]>();
const freeFloats = new Map<number, Float64Array[]>();

function take<T extends Uint8Array | Float64Array>(pool: Map<number, T[]>, length: number): T | undefined {
  const array = pool.get(length)?.pop();
  if (array !== undefined) isFree.delete(array);
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
 * every window the plan runs on scans its flat stretches with one comparison per bar. Recycled with the plan.
 */
export function withNearestLevels(levels: GridLevels): GridLevels {
  const n = Math.floor((levels.long ?? levels.short ?? new Float64Array(0)).length / levels.levelCount);
  return {
    ...levels,
    nearestLong: levels.long === undefined ? undefined : nearestLevels(levels.long, levels.levelCount, 1, take(freeFloats, n) ?? made(new Float64Array(n))),
    nearestShort: levels.short === undefined ? undefined : nearestLevels(levels.short, levels.levelCount, -1, take(freeFloats, n) ?? made(new Float64Array(n))),
  };
}

/** Hands arrays of a finished plan back for reuse; arrays not made here, or already handed back, are ignored. */
export function recyclePlanArrays(arrays: Iterable<unknown>): void {
  for (const array of arrays) {
    if (!(array instanceof Uint8Array || array instanceof Float64Array) || !madeHere.has(array) || isFree.has(array)) continue;
    const pool = (array instanceof Uint8Array ? freeBytes : freeFloats) as Map<number, (Uint8Array | Float64Array)[]>;
    let free = pool.get(array.length);
    if (free === undefined) pool.set(array.length, (free = []));
    if (free.length >= MAX_FREE_PER_LENGTH) continue;
    free.push(array);
    isFree.add(array);
  }
}

/** A fraction parameter where 0 means "off": undefined for 0, the value otherwise. */
export function optionalFraction(value: number): number | undefined {
  return value > 0 ? value : undefined;
}
