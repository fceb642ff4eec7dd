/**
 * The mono kernel's decision on a signal bar as a lookup table, so the per-bar decision costs no data-dependent
 * branch (breakout signals are on for runs of irregular length, which defeats branch prediction).
 *
 * A bar's signal code packs the four bytes (non-zero = on): enterLong | exitLong << 1 | enterShort << 2 |
 * exitShort << 3. Row `side + 1` (0 short, 1 flat, 2 long), column = code; the entry is
 * `pendingExit | pendingSideCode << 1` with pendingSideCode 0 none, 1 long, 2 short (0 = nothing happens).
 */
export const PENDING_SIDE = Int8Array.of(0, 1, -1);

function decide(side: number, code: number, reverseMode: boolean): number {
  const enterL = code & 1;
  const exitL = (code >> 1) & 1;
  const enterS = (code >> 2) & 1;
  const exitS = (code >> 3) & 1;
  const wantLong = enterL !== 0 && exitL === 0 && enterS === 0;
  const wantShort = enterS !== 0 && exitS === 0 && enterL === 0;
  let pendingExit = 0;
  let pendingSide = 0;
  if (side === 0) pendingSide = wantLong ? 1 : wantShort ? -1 : 0;
  else if (side > 0 && (exitL !== 0 || (wantShort && reverseMode))) {
    pendingExit = 1;
    pendingSide = wantShort ? -1 : 0;
  } else if (side < 0 && (exitS !== 0 || (wantLong && reverseMode))) {
    pendingExit = 1;
    pendingSide = wantLong ? 1 : 0;
  }
  return pendingExit | ((pendingSide > 0 ? 1 : pendingSide < 0 ? 2 : 0) << 1);
}

function buildTable(reverseMode: boolean): Uint8Array {
  const table = new Uint8Array(48);
  for (let side = -1; side <= 1; side++) for (let code = 0; code < 16; code++) table[(side + 1) * 16 + code] = decide(side, code, reverseMode);
  return table;
}

const REVERSE = buildTable(true);
const IGNORE = buildTable(false);

/** The decision table for `oppositeEntry` reverse (true) or ignore (false). */
export function signalActions(reverseMode: boolean): Uint8Array {
  return reverseMode ? REVERSE : IGNORE;
}

/** Bit `code` is set when that signal code makes the kernel act while at `side` (the quiet loops stop there). */
export function actingCodes(table: Uint8Array, side: number): number {
  let mask = 0;
  for (let code = 0; code < 16; code++) if (table[(side + 1) * 16 + code] !== 0) mask |= 1 << code;
  return mask;
}
