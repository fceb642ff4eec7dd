import { zeroBytes } from './_filler-arrays.js';
import type { Signals } from './mono-options.js';

/**
 * Bit of each signal in a packed signal byte (`Signals.packed`): one byte per bar holds all four signals, so the
 * kernel reads one array per bar instead of four. Bits above these are ignored.
 *
 * @example
 * packed[t] = SIGNAL_BIT.enterLong | SIGNAL_BIT.exitShort; // a bullish cross: go long, leave a short
 */
export const SIGNAL_BIT = { enterLong: 1, exitLong: 2, enterShort: 4, exitShort: 8 } as const;

/** The four signal bits of a packed byte (the bits the kernel reads). */
export const SIGNAL_MASK = 15;

/**
 * Packs the four signal byte arrays of `signals` into one byte per bar (non-zero byte = on; a missing array is
 * all off): `out[t] = enterLong | exitLong << 1 | enterShort << 2 | exitShort << 3` for t < length. One pass
 * reading the four arrays together, four bars per 32-bit word where every array allows 32-bit views.
 */
export function packSignals(signals: Signals, length: number, out = new Uint8Array(length)): Uint8Array {
  if (out.length < length) throw new RangeError(`packSignals: out has ${out.length} bytes for ${length} bars`);
  const off = zeroBytes(length);
  const enterLong = signals.enterLong ?? off;
  const exitLong = signals.exitLong ?? off;
  const enterShort = signals.enterShort ?? off;
  const exitShort = signals.exitShort ?? off;
  const aligned = [enterLong, exitLong, enterShort, exitShort, out].every((array) => array.byteOffset % 4 === 0);
  const from = aligned ? packWords(enterLong, exitLong, enterShort, exitShort, out, length >> 2) : 0;
  // (byte + 255) >> 8 is 1 for any non-zero byte and 0 for 0, without a branch.
  for (let t = from; t < length; t++) {
    out[t] = ((enterLong[t] + 255) >> 8) | (((exitLong[t] + 255) >> 8) << 1) | (((enterShort[t] + 255) >> 8) << 2) | (((exitShort[t] + 255) >> 8) << 3);
  }
  return out;
}

/** Packs the first `words` x 4 bars through 32-bit views; returns the first bar left (words x 4). */
function packWords(enterLong: Uint8Array, exitLong: Uint8Array, enterShort: Uint8Array, exitShort: Uint8Array, out: Uint8Array, words: number): number {
  const a = wordsOf(enterLong, words);
  const b = wordsOf(exitLong, words);
  const c = wordsOf(enterShort, words);
  const d = wordsOf(exitShort, words);
  const to = wordsOf(out, words);
  for (let i = 0; i < words; i++) to[i] = nonZeroBytes(a[i]) | (nonZeroBytes(b[i]) << 1) | (nonZeroBytes(c[i]) << 2) | (nonZeroBytes(d[i]) << 3);
  return words << 2;
}

function wordsOf(bytes: Uint8Array, words: number): Uint32Array {
  return new Uint32Array(bytes.buffer, bytes.byteOffset, words);
}

/**
 * Bit 0 of each byte of the word set exactly when that byte is non-zero: ((w & 0x7f7f7f7f) + 0x7f7f7f7f | w)
 * sets a byte's top bit exactly when the byte is non-zero; the mask keeps those bits and the shift moves them down.
 */
function nonZeroBytes(w: number): number {
  return ((((w & 0x7f7f7f7f) + 0x7f7f7f7f) | w) & 0x80808080) >>> 7;
}

// The kernel packs separate arrays into this per-thread buffer (kernels run synchronously, one at a time).
let packingBuffer = new Uint8Array(0);

/**
 * The packed signals a kernel reads: `signals.packed` as given, else the four arrays packed once into a reused
 * buffer (valid until the next call). Giving both forms is ambiguous and rejected.
 */
export function packedSignalsOf(signals: Signals, length: number): Uint8Array {
  if (signals.packed !== undefined) {
    if (signals.enterLong ?? signals.exitLong ?? signals.enterShort ?? signals.exitShort) {
      throw new RangeError('signals: give either `packed` or the four arrays enterLong/exitLong/enterShort/exitShort, not both');
    }
    return signals.packed;
  }
  if (packingBuffer.length < length) packingBuffer = new Uint8Array(Math.max(length, packingBuffer.length * 2));
  return packSignals(signals, length, packingBuffer);
}
