// Shared read-only stand-ins for signal/level arrays the caller did not pass, so kernel loops read typed arrays
// monomorphically instead of branching on undefined. Grown on demand, never written by kernels.
let zeros = new Uint8Array(0);
let nans = new Float64Array(0);

export function zeroBytes(length: number): Uint8Array {
  if (zeros.length < length) zeros = new Uint8Array(Math.max(length, zeros.length * 2));
  return zeros;
}

export function nanFloats(length: number): Float64Array {
  if (nans.length < length) {
    nans = new Float64Array(Math.max(length, nans.length * 2));
    nans.fill(Number.NaN);
  }
  return nans;
}
