/**
 * Parameter grids and combos: a grid names the candidate values of each parameter, a combo picks one value per
 * parameter. Shared by the full-grid, Latin hypercube and fine-pass searches.
 */
export type ParameterValue = number | string;
/** Candidate values per parameter, e.g. `{ fast: [5, 8, 13], slow: [21, 34], source: ['close', 'hl2'] }`. */
export type ParameterGrid = Readonly<Record<string, readonly ParameterValue[]>>;
/** One value per parameter of a grid. */
export type Combo = Record<string, ParameterValue>;

function checkGrid(grid: ParameterGrid): string[] {
  const names = Object.keys(grid);
  for (const name of names) {
    if (!Array.isArray(grid[name]) || grid[name].length === 0) {
      throw new RangeError(`parameter grid: "${name}" must list at least one value`);
    }
  }
  return names;
}

/** Number of combos in the full grid: the product of the value counts (1 for a grid without parameters). */
export function gridSize(grid: ParameterGrid): number {
  let size = 1;
  for (const name of checkGrid(grid)) size *= grid[name].length;
  return size;
}

/** Every combo of the grid, in odometer order (the last parameter varies fastest). */
export function fullGrid(grid: ParameterGrid): Combo[] {
  const names = checkGrid(grid);
  const combos: Combo[] = [];
  const indices = new Array<number>(names.length).fill(0);
  const total = gridSize(grid);
  for (let count = 0; count < total; count++) {
    const combo: Combo = {};
    for (let p = 0; p < names.length; p++) combo[names[p]] = grid[names[p]][indices[p]];
    combos.push(combo);
    for (let p = names.length - 1; p >= 0; p--) {
      if (++indices[p] < grid[names[p]].length) break;
      indices[p] = 0;
    }
  }
  return combos;
}

/**
 * Stable identity of a combo, independent of key order and distinguishing 5 from "5":
 * `comboKey({ slow: 21, fast: 5 }) === '{"fast":5,"slow":21}'`.
 */
export function comboKey(combo: Readonly<Combo>): string {
  const sorted: Combo = {};
  for (const name of Object.keys(combo).sort()) sorted[name] = combo[name];
  return JSON.stringify(sorted);
}

/**
 * Fine pass around the best combos: every combo obtained from a top combo by moving exactly one parameter one
 * grid step up or down, skipping combos in `evaluatedKeys` (by {@link comboKey}) and duplicates. A parameter
 * whose value is not in the grid is left alone.
 */
export function finePass(
  grid: ParameterGrid,
  topCombos: readonly Readonly<Combo>[],
  evaluatedKeys: ReadonlySet<string>,
): Combo[] {
  const names = checkGrid(grid);
  const seen = new Set<string>();
  const neighbours: Combo[] = [];
  for (const top of topCombos) {
    for (const name of names) {
      const values = grid[name];
      const index = values.indexOf(top[name]);
      if (index < 0) continue;
      for (const step of [-1, 1]) {
        const next = index + step;
        if (next < 0 || next >= values.length) continue;
        const combo: Combo = { ...top, [name]: values[next] };
        const key = comboKey(combo);
        if (evaluatedKeys.has(key) || seen.has(key)) continue;
        seen.add(key);
        neighbours.push(combo);
      }
    }
  }
  return neighbours;
}
