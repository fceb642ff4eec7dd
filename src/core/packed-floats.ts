/**
 * Float64 series packed as base64 of their little-endian bytes: exact, a third of the size of JSON numbers, and
 * plain strings, so they travel in JSON files, DuckDB text columns and worker messages alike.
 */
import { Buffer } from 'node:buffer';

/** base64 of the values' IEEE-754 bytes (little-endian). */
export function packFloats(values: ArrayLike<number>): string {
  const array = values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>);
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  return bytes.toString('base64');
}

/** The Float64Array `packFloats` was given (a fresh copy, aligned). */
export function unpackFloats(packed: string): Float64Array {
  const bytes = Buffer.from(packed, 'base64');
  if (bytes.byteLength % 8 !== 0) throw new RangeError(`unpackFloats: ${bytes.byteLength} bytes is not a whole number of float64 values`);
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
