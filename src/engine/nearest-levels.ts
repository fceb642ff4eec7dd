/**
 * Per bar, the grid level nearest to price on one side (see GridLevels): for bar t the largest of the long levels
 * `levels[t * levelCount + k]` (side 1) or the smallest of the short ones (side -1), NaN levels ignored; NaN when
 * the bar has no level. A flat book can act on bar t + 1 only if this level is within that bar's range, so the
 * grid kernel scans flat stretches with one comparison per bar. Computed once per plan, it is shared by every
 * window the plan runs on (pass it as `GridLevels.nearestLong` / `nearestShort`).
 */
export function nearestLevels(levels: Float64Array, levelCount: number, side: 1 | -1, out: Float64Array = new Float64Array(Math.floor(levels.length / levelCount))): Float64Array {
  const n = Math.min(out.length, Math.floor(levels.length / levelCount));
  if (levelCount === 1) {
    out.set(levels.subarray(0, n));
    return out;
  }
  for (let t = 0, row = 0; t < n; t++, row += levelCount) {
    let nearest = levels[row];
    // NaN loses every comparison, so it never replaces a level; a level replaces a NaN start.
    if (side > 0) {
      for (let k = 1; k < levelCount; k++) {
        const level = levels[row + k];
        if (level > nearest || nearest !== nearest) nearest = level;
      }
    } else {
      for (let k = 1; k < levelCount; k++) {
        const level = levels[row + k];
        if (level < nearest || nearest !== nearest) nearest = level;
      }
    }
    out[t] = nearest;
  }
  return out;
}
