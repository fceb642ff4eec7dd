import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { latinHypercube } from '../../src/research/latin-hypercube.js';
import { comboKey, finePass, fullGrid, gridSize, type Combo } from '../../src/research/parameter-grid.js';
import { finePassByWindow, planSearch } from '../../src/research/search.js';

const range = (from: number, count: number, step = 1): number[] => Array.from({ length: count }, (_, i) => from + i * step);

describe('parameter grid', () => {
  const grid = { fast: [5, 8], slow: [21, 34, 55], source: ['close', 'hl2'] };

  it('counts and enumerates every combo once, last parameter fastest', () => {
    expect(gridSize(grid)).toBe(12);
    const combos = fullGrid(grid);
    expect(combos).toHaveLength(12);
    expect(new Set(combos.map(comboKey)).size).toBe(12);
    expect(combos.slice(0, 3)).toEqual([
      { fast: 5, slow: 21, source: 'close' },
      { fast: 5, slow: 21, source: 'hl2' },
      { fast: 5, slow: 34, source: 'close' },
    ]);
  });

  it('keys a combo independently of key order, and tells 5 from "5"', () => {
    expect(comboKey({ slow: 21, fast: 5 })).toBe(comboKey({ fast: 5, slow: 21 }));
    expect(comboKey({ fast: 5 })).not.toBe(comboKey({ fast: '5' }));
  });

  it('rejects a parameter without values', () => {
    expect(() => gridSize({ fast: [] })).toThrow(/"fast" must list at least one value/);
  });
});

describe('finePass', () => {
  const grid = { fast: [5, 8, 13], slow: [21, 34, 55], source: ['close', 'hl2'] };

  it('lists exactly the one-step neighbours of a top combo, within the grid', () => {
    const neighbours = finePass(grid, [{ fast: 5, slow: 34, source: 'close' }], new Set());
    expect(neighbours.map(comboKey).sort()).toEqual(
      [
        { fast: 8, slow: 34, source: 'close' },
        { fast: 5, slow: 21, source: 'close' },
        { fast: 5, slow: 55, source: 'close' },
        { fast: 5, slow: 34, source: 'hl2' },
      ]
        .map(comboKey)
        .sort(),
    );
  });

  it('skips combos already evaluated and neighbours shared by two top combos', () => {
    const evaluated = new Set([comboKey({ fast: 8, slow: 34, source: 'close' })]);
    const tops = [
      { fast: 5, slow: 34, source: 'close' },
      { fast: 13, slow: 34, source: 'close' },
    ];
    const keys = finePass(grid, tops, evaluated).map(comboKey);
    expect(keys).not.toContain(comboKey({ fast: 8, slow: 34, source: 'close' }));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(6);
  });
});

describe('latinHypercube', () => {
  it('hits every stratum of every parameter exactly once when samples <= values', () => {
    const grid = { a: range(0, 20), b: range(100, 10, 5), c: range(0, 7) };
    const samples = 7;
    const combos = latinHypercube(grid, samples, createRng(11));
    expect(combos).toHaveLength(samples); // strata are disjoint in every column, so no duplicates
    for (const [name, values] of Object.entries(grid)) {
      // Stratum s of the index range holds indices floor(s m / S) .. floor((s + 1) m / S) - 1.
      const stratumOf = (index: number): number =>
        range(0, samples).findLast((s) => Math.floor((s * values.length) / samples) <= index) as number;
      const strata = combos.map((combo) => stratumOf(values.indexOf(combo[name] as number))).sort((x, y) => x - y);
      expect(strata).toEqual(range(0, samples));
    }
  });

  it('removes duplicates when there are more samples than values', () => {
    const combos = latinHypercube({ a: [1, 2], b: ['x', 'y'] }, 50, createRng(3));
    expect(new Set(combos.map(comboKey)).size).toBe(combos.length);
    expect(combos.length).toBeLessThanOrEqual(4);
  });

  it('is reproducible with a seed and varies with the seed', () => {
    const grid = { a: range(0, 30), b: range(0, 30) };
    expect(latinHypercube(grid, 12, createRng(5))).toEqual(latinHypercube(grid, 12, createRng(5)));
    expect(latinHypercube(grid, 12, createRng(5))).not.toEqual(latinHypercube(grid, 12, createRng(6)));
  });
});

describe('search plan and the fine pass per window', () => {
  const grid = { fast: range(2, 10), slow: range(20, 10, 2), stop: [0.5, 1, 1.5, 2] };
  const settings = { maxFullGrid: 100, lhsSamples: 30, topK: 3, seed: 'BTCUSDT-5m' };

  it('uses the full grid when it is small and LHS when it is not', () => {
    expect(planSearch({ grid, ...settings, maxFullGrid: 400 })).toMatchObject({ mode: 'full', gridSize: 400 });
    const plan = planSearch({ grid, ...settings });
    expect(plan.mode).toBe('lhs');
    expect(plan.combos.length).toBeLessThanOrEqual(30);
    expect(planSearch({ grid, ...settings }).combos).toEqual(plan.combos); // seeded: the same sample again
  });

  it("gives each window the neighbours of its own top combos, and evaluates their union once", () => {
    const top = [[{ fast: 5, slow: 30, stop: 1 }], [{ fast: 9, slow: 20, stop: 2 }], [{ fast: 5, slow: 30, stop: 1 }]];
    const evaluated = new Set([comboKey({ fast: 4, slow: 30, stop: 1 })]);
    const { byWindow, union } = finePassByWindow(grid, top, evaluated);
    expect(byWindow[0].map(comboKey).sort()).toEqual(
      [{ fast: 6, slow: 30, stop: 1 }, { fast: 5, slow: 28, stop: 1 }, { fast: 5, slow: 32, stop: 1 }, { fast: 5, slow: 30, stop: 0.5 }, { fast: 5, slow: 30, stop: 1.5 }]
        .map(comboKey).sort(),
    );
    expect(byWindow[1].map(comboKey).sort()).toEqual([{ fast: 8, slow: 20, stop: 2 }, { fast: 10, slow: 20, stop: 2 }, { fast: 9, slow: 22, stop: 2 }, { fast: 9, slow: 20, stop: 1.5 }].map(comboKey).sort());
    expect(byWindow[2]).toEqual(byWindow[0]);
    expect(union).toHaveLength(byWindow[0].length + byWindow[1].length);
    expect(new Set(union.map(comboKey)).size).toBe(union.length);
  });
});
