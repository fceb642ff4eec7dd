/**
 * Parameter search: the full grid when it is small, else a Latin hypercube sample (seeded, data-blind) followed
 * by a fine pass of +-1 grid step around the best combos OF EACH WINDOW, ranked on that window's in-sample bars.
 * A window chooses among the first pass and its own fine pass only, so no window's candidates depend on bars
 * another window tests out of sample. This module plans; walk-forward.ts evaluates and counts, because the number
 * of combos actually evaluated is the N of the Deflated Sharpe Ratio.
 */
import { createRng } from '../core/rng.js';
import { latinHypercube } from './latin-hypercube.js';
import { comboKey, finePass, fullGrid, gridSize, type Combo, type ParameterGrid } from './parameter-grid.js';

export interface SearchSettings {
  /** Evaluate the full grid when it has at most this many combos. */
  maxFullGrid: number;
  /** Latin hypercube sample size when the grid is larger. */
  lhsSamples: number;
  /** Number of best IS combos per window whose +-1 step neighbours the fine pass evaluates. */
  topK: number;
  seed: number | string;
}

export interface SearchPlan {
  mode: 'full' | 'lhs';
  gridSize: number;
  /** Combos of the first pass: the whole grid, or the Latin hypercube sample. */
  combos: Combo[];
}

function checkSettings(settings: SearchSettings): void {
  for (const key of ['maxFullGrid', 'lhsSamples', 'topK'] as const) {
    const value = settings[key];
    const minimum = key === 'topK' ? 0 : 1;
    if (!Number.isInteger(value) || value < minimum) {
      throw new RangeError(`search settings: ${key} must be an integer >= ${minimum}, was ${value}`);
    }
  }
}

/** Decides full grid vs Latin hypercube and draws the first-pass combos (seeded). */
export function planSearch(input: { grid: ParameterGrid } & SearchSettings): SearchPlan {
  checkSettings(input);
  const size = gridSize(input.grid);
  if (size <= input.maxFullGrid) return { mode: 'full', gridSize: size, combos: fullGrid(input.grid) };
  return { mode: 'lhs', gridSize: size, combos: latinHypercube(input.grid, input.lhsSamples, createRng(input.seed)) };
}

/**
 * The fine pass of every window: the one-step neighbours of each window's top combos (`topByWindow[w]`, ranked on
 * window w's IS bars), minus what is already evaluated. Returns the neighbours of each window and their union.
 */
export function finePassByWindow(
  grid: ParameterGrid,
  topByWindow: readonly (readonly Combo[])[],
  evaluatedKeys: ReadonlySet<string>,
): { byWindow: Combo[][]; union: Combo[] } {
  const byWindow = topByWindow.map((top) => finePass(grid, top, evaluatedKeys));
  const seen = new Set<string>();
  const union: Combo[] = [];
  for (const neighbours of byWindow) {
    for (const combo of neighbours) {
      const key = comboKey(combo);
      if (seen.has(key)) continue;
      seen.add(key);
      union.push(combo);
    }
  }
  return { byWindow, union };
}
