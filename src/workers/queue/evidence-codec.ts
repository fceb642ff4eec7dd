/**
 * A candidate's evidence on its way back from a worker: JSON that keeps every number exactly (NaN, +-Infinity and
 * -0 are tagged, JSON alone would turn them into null and 0), so the coordinator grades exactly what a local run
 * would have graded. Its long series are already packed (core/packed-floats.ts), so it is about 100 KB for a
 * 5,000-candle candidate; gzip would save little on base64 and cost milliseconds per job on both sides. Tags are
 * rare, so both sides take JSON's fast path unless a tagged number is there.
 */

const TAG = '\u0000scalp-number:';
/** How the tag reads inside JSON text (JSON escapes the NUL). */
const TAG_IN_JSON = JSON.stringify(TAG).slice(1, -1);
const SPECIAL: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY, '-0': -0 };

const isSpecial = (value: number): boolean => !Number.isFinite(value) || Object.is(value, -0);

/** True when some number in `value` is one JSON cannot carry. */
function holdsSpecialNumbers(value: unknown): boolean {
  if (typeof value === 'number') return isSpecial(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsSpecialNumbers);
  for (const key in value) if (holdsSpecialNumbers((value as Record<string, unknown>)[key])) return true;
  return false;
}

function tagNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || !isSpecial(value)) return value;
  return `${TAG}${Object.is(value, -0) ? '-0' : String(value)}`;
}

function untagNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith(TAG)) {
    const special = SPECIAL[value.slice(TAG.length)];
    if (special !== undefined) return special;
  }
  return value;
}

/** JSON text of `value` that parses back (with {@link parseLossless}) to the same numbers, bit for bit. */
export function stringifyLossless(value: unknown): string {
  return holdsSpecialNumbers(value) ? JSON.stringify(value, tagNumbers) : JSON.stringify(value);
}

export function parseLossless(text: string): unknown {
  return text.includes(TAG_IN_JSON) ? JSON.parse(text, untagNumbers) : JSON.parse(text);
}
