/**
 * The gap convention shared by every indicator: a bar is usable when all of its inputs are finite. Outputs are NaN
 * on unusable bars, and each maximal run of usable bars is computed as if it were a fresh series, so after a NaN
 * the indicator warms up again from scratch. Chaining therefore works: `ema(rsi(close, 14), 9)` seeds its EMA on
 * the first 9 finite RSI values.
 */
export type RunKernel = (start: number, end: number) => void;

/** Calls `kernel(start, end)` for each maximal run [start, end) of usable bars and writes NaN elsewhere. */
export function forEachFiniteRun(inputs: readonly Float64Array[], outputs: readonly Float64Array[], kernel: RunKernel): void {
  const length = inputs[0].length;
  let i = 0;
  while (i < length) {
    while (i < length && !isUsable(inputs, i)) {
      for (let o = 0; o < outputs.length; o++) outputs[o][i] = NaN;
      i++;
    }
    const start = i;
    while (i < length && isUsable(inputs, i)) i++;
    if (i > start) kernel(start, i);
  }
}

function isUsable(inputs: readonly Float64Array[], index: number): boolean {
  for (let c = 0; c < inputs.length; c++) {
    const value = inputs[c][index];
    // value - value is 0 for finite numbers and NaN for NaN and +-Infinity.
    if (value - value !== 0) return false;
  }
  return true;
}
