/**
 * The gap convention shared by every indicator: a bar is usable when all of its inputs are finite. Outputs are NaN
 * on unusable bars, and each maximal run of usable bars is computed as if it were a fresh series, so after a NaN
 * the indicator warms up again from scratch. Chaining therefore works: `ema(rsi(close, 14), 9)` seeds its EMA on
 * the first 9 finite RSI values.
 */
export type RunKernel = (start: number, end: number) => void;

/**
 * The fast path's entry: writes NaN on the leading bars where some input is non-finite (the warm-up of a chained
 * indicator, e.g. the first 14 bars of an RSI) and returns the first usable bar (or the length). Indicators then run
 * their kernel once over [start, length), with the finiteness check fused into it (a non-finite input poisons the
 * running sums for good), and fall back to `forEachFiniteRun` only when the kernel reports one: no separate pass.
 */
export function leadingGapEnd(inputs: readonly Float64Array[], outputs: readonly Float64Array[]): number {
  const length = inputs[0].length;
  let i = 0;
  while (i < length && endOfUsableRun(inputs, i, i + 1) === i) i++;
  for (let o = 0; o < outputs.length; o++) outputs[o].fill(NaN, 0, i);
  return i;
}

/** True when `value` is neither NaN nor +-Infinity (`value - value` is NaN exactly for those). */
export function isUsable(value: number): boolean {
  return value - value === 0;
}

/** Calls `kernel(start, end)` for each maximal run [start, end) of usable bars and writes NaN elsewhere. */
export function forEachFiniteRun(inputs: readonly Float64Array[], outputs: readonly Float64Array[], kernel: RunKernel): void {
  const length = inputs[0].length;
  let i = 0;
  while (i < length) {
    const start = i;
    i = endOfUsableRun(inputs, i, length);
    if (i > start) kernel(start, i);
    while (i < length && endOfUsableRun(inputs, i, i + 1) === i) {
      for (let o = 0; o < outputs.length; o++) outputs[o][i] = NaN;
      i++;
    }
  }
}

// `value - value` is 0 for finite numbers and NaN for NaN and +-Infinity. The 1- and 3-column cases get their own
// loops because they are nearly every call and a bare loop scans 1M bars in well under a millisecond.
function endOfUsableRun(inputs: readonly Float64Array[], from: number, to: number): number {
  let i = from;
  if (inputs.length === 1) {
    const a = inputs[0];
    while (i < to && a[i] - a[i] === 0) i++;
  } else if (inputs.length === 3) {
    const a = inputs[0];
    const b = inputs[1];
    const c = inputs[2];
    while (i < to && a[i] - a[i] === 0 && b[i] - b[i] === 0 && c[i] - c[i] === 0) i++;
  } else {
    for (; i < to; i++) {
      let usable = true;
      for (let c = 0; c < inputs.length && usable; c++) usable = inputs[c][i] - inputs[c][i] === 0;
      if (!usable) break;
    }
  }
  return i;
}
