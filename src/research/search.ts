/**
 * Parameter search: the full grid when it is small, else a Latin hypercube sample followed by one fine pass of
 * +-1 grid step around the best combos. The caller evaluates; this module plans and counts, because the
 * number of combos actually evaluated is the N of the Deflated Sharpe Ratio.
 */
import { createRng } from '../core/rng.js';
import { latinHypercube } from './latin-hypercube.js';
import { comboKey, finePass, fullGrid, gridSize, type Combo, type ParameterGrid } from './parameter-grid.js';

export interface SearchSettings {
  /** Evaluate the full grid when it has at most this many combos. */
  maxFullGrid: number;
  /** Latin hypercube sample size when the grid is larger. */
  lhsSamples: number;
  /** Number of best LHS combos whose +-1 step neighbours the fine pass evaluates. */
  topK: number;
  seed: number | string;
}

export interface SearchPlan {
  mode: 'full' | 'lhs';
  gridSize: number;
  /** Combos of the first pass: the whole grid, or the Latin hypercube sample. */
  combos: Combo[];
}

export interface EvaluatedCombo {
  combo: Combo;
  key: string;
  /** Score returned by the caller; higher is better, NaN ranks last. */
  score: number;
}

export interface SearchResult {
  mode: 'full' | 'lhs';
  gridSize: number;
  /** Every evaluated combo, best score first. */
  evaluated: EvaluatedCombo[];
  /** Combos actually evaluated, first pass plus fine pass: the trial count N for the Deflated Sharpe. */
  evaluatedCount: number;
  /** Combos added by the fine pass (0 in full-grid mode). */
  finePassCount: number;
  best: EvaluatedCombo | null;
}

/** Scores a batch of combos, one score per combo in the same order (sync or async, e.g. a worker pool). */
export type EvaluateCombos = (combos: Combo[]) => readonly number[] | Promise<readonly number[]>;

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

function byScoreDescending(a: EvaluatedCombo, b: EvaluatedCombo): number {
  const left = Number.isNaN(a.score) ? Number.NEGATIVE_INFINITY : a.score;
  const right = Number.isNaN(b.score) ? Number.NEGATIVE_INFINITY : b.score;
  return right - left || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

async function evaluateBatch(combos: Combo[], evaluate: EvaluateCombos): Promise<EvaluatedCombo[]> {
  if (combos.length === 0) return [];
  const scores = await evaluate(combos);
  if (scores.length !== combos.length) {
    throw new RangeError(`runSearch: evaluate returned ${scores.length} scores for ${combos.length} combos`);
  }
  return combos.map((combo, i) => ({ combo, key: comboKey(combo), score: scores[i] }));
}

/**
 * Runs the planned search: evaluates the first pass, then (LHS mode only) the fine pass around the `topK`
 * best, and counts every combo evaluated. Ties are broken by combo key, so results are deterministic.
 */
export async function runSearch(
  grid: ParameterGrid,
  settings: SearchSettings,
  evaluate: EvaluateCombos,
): Promise<SearchResult> {
  const plan = planSearch({ grid, ...settings });
  const evaluated = await evaluateBatch(plan.combos, evaluate);
  let finePassCount = 0;
  if (plan.mode === 'lhs' && settings.topK > 0) {
    const ranked = [...evaluated].sort(byScoreDescending);
    const top = ranked.slice(0, settings.topK).map((entry) => entry.combo);
    const neighbours = finePass(grid, top, new Set(evaluated.map((entry) => entry.key)));
    const refined = await evaluateBatch(neighbours, evaluate);
    finePassCount = refined.length;
    evaluated.push(...refined);
  }
  evaluated.sort(byScoreDescending);
  return {
    mode: plan.mode,
    gridSize: plan.gridSize,
    evaluated,
    evaluatedCount: evaluated.length,
    finePassCount,
    best: evaluated[0] ?? null,
  };
}
