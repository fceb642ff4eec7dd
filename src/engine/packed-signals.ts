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
 * all off): `out[t] = enterLong | exitLong << 1 | enterShort << 2 | exitShort << 3` for t < length.
 */
export function packSignals(signals: Signals, length: number, out = new Uint8Array(length)): Uint8Array {
  if (out.length < length) throw new RangeError(`packSignals: out has ${out.length} bytes for ${length} bars`);
  const arrays = [signals.enterLong, signals.exitLong, signals.enterShort, signals.exitShort];
  out.fill(0, 0, length);
  for (let bit = 0; bit < 4; bit++) {
    const values = arrays[bit];
    if (values !== undefined) orNonZero(values, out, length, bit);
  }
  return out;
}

/**
 * out[t] |= (values[t] !== 0) << bit for t < length. Four bytes at a time where both arrays allow 32-bit views:
 * ((w & 0x7f7f7f7f) + 0x7f7f7f7f | w) & 0x80808080 sets a byte's top bit exactly when the byte is non-zero.
 */
function orNonZero(values: Uint8Array, out: Uint8Array, length: number, bit: number): void {
  let t = 0;
  if (values.byteOffset % 4 === 0 && out.byteOffset % 4 === 0) {
    const words = length >> 2;
    const from = new Uint32Array(values.buffer, values.byteOffset, words);
    const to = new Uint32Array(out.buffer, out.byteOffset, words);
    const shift = 7 - bit;
    for (let i = 0; i < words; i++) {
      const w = from[i];
      to[i] |= ((((w & 0x7f7f7f7f) + 0x7f7f7f7f) | w) & 0x80808080) >>> shift;
    }
    t = words << 2;
  }
  // (byte + 255) >> 8 is 1 for any non-zero byte and 0 for 0, without a branch.
  for (; t < length; t++) out[t] |= ((values[t] + 255) >> 8) << bit;
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
