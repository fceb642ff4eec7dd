/** Signal / level arrays a plan allocates (the only allocations of a plan besides cached indicators). */
export function signalArray(length: number): Uint8Array {
  return new Uint8Array(length);
}

/** A per-bar price array, NaN (= no level) everywhere. */
export function levelArray(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}

/** Row-major `length x levelCount` grid level prices, NaN (= inactive) everywhere. */
export function gridLevelArray(length: number, levelCount: number): Float64Array {
  return new Float64Array(length * levelCount).fill(Number.NaN);
}

/** A fraction parameter where 0 means "off": undefined for 0, the value otherwise. */
export function optionalFraction(value: number): number | undefined {
  return value > 0 ? value : undefined;
}
