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

/**
 * `nearestLevels` of one bar of scaled levels (GridLevels.scaledLong / scaledShort: level k = center x
 * factors[k]) without the row: a product moves monotonically with the factor (rounding included), so the nearest
 * level is the larger (long) or smaller (short) of the products with the largest (`high`) and smallest (`low`)
 * factor; NaN where the center is NaN. The grid kernel computes it per bar, so no array is written per plan.
 */
export function nearestScaledLevel(center: number, high: number, low: number, side: number): number {
  const a = center * high;
  const b = center * low;
  return side > 0 ? (a > b ? a : b) : a < b ? a : b;
}

/** The n x levelCount level matrix scaled levels stand for (`long[t * k + j] = center[t] x factors[j]`), e.g. to chart them. */
export function scaledLevelMatrix({ center, factors }: { center: Float64Array; factors: readonly number[] }): Float64Array {
  const levelCount = factors.length;
  const out = new Float64Array(center.length * levelCount);
  for (let t = 0, row = 0; t < center.length; t++, row += levelCount) for (let j = 0; j < levelCount; j++) out[row + j] = center[t] * factors[j];
  return out;
}
