/**
 * Latin hypercube sampling over grid indices (McKay, Beckman & Conover 1979): each parameter's index range
 * is cut into `samples` equal strata, each stratum gets exactly one point, and the strata are paired across
 * parameters by independent random permutations.
 */
import type { Rng } from '../core/rng.js';
import { comboKey, type Combo, type ParameterGrid } from './parameter-grid.js';

/** Fisher-Yates shuffle of 0..count-1. */
function permutation(count: number, rng: Rng): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/**
 * Grid index drawn in stratum `stratum` of `samples` over `valueCount` values. The stratum covers the index
 * range [floor(s m / S), floor((s + 1) m / S)); when samples <= values these ranges partition the grid, so
 * every stratum is hit exactly once. With more samples than values a stratum is narrower than one grid step
 * and maps to the grid value it lies in.
 */
function indexInStratum(stratum: number, samples: number, valueCount: number, rng: Rng): number {
  const low = Math.floor((stratum * valueCount) / samples);
  const high = Math.max(low + 1, Math.floor(((stratum + 1) * valueCount) / samples));
  return low + rng.int(high - low);
}

/**
 * A Latin hypercube sample of `samples` combos from the grid, duplicates removed (so possibly fewer than
 * `samples` when the grid is coarse). Deterministic for a given generator state.
 */
export function latinHypercube(grid: ParameterGrid, samples: number, rng: Rng): Combo[] {
  if (!Number.isInteger(samples) || samples < 1) {
    throw new RangeError(`latinHypercube: samples must be an integer >= 1, was ${samples}`);
  }
  const names = Object.keys(grid);
  const columns = names.map((name) => {
    const values = grid[name];
    if (values.length === 0) throw new RangeError(`latinHypercube: parameter "${name}" has no values`);
    const strata = permutation(samples, rng);
    const indices = new Int32Array(samples);
    for (let row = 0; row < samples; row++) indices[row] = indexInStratum(strata[row], samples, values.length, rng);
    return indices;
  });
  const seen = new Set<string>();
  const combos: Combo[] = [];
  for (let row = 0; row < samples; row++) {
    const combo: Combo = {};
    for (let p = 0; p < names.length; p++) combo[names[p]] = grid[names[p]][columns[p][row]];
    const key = comboKey(combo);
    if (seen.has(key)) continue;
    seen.add(key);
    combos.push(combo);
  }
  return combos;
}
