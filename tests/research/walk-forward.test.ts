import { describe, expect, it } from 'vitest';
import { sliceCandles } from '../../src/core/index.js';
import { BacktestConfigSchema, defaultBacktestConfig } from '../../src/config/backtest-config.js';
import { evaluateCombos, planWindows, runWalkForward, selectBest, windowSelections } from '../../src/research/index.js';
import { meanRevertingCandles, randomWalkCandles } from './_synthetic-candles.js';

const fees = { taker: 0.0005, maker: 0.0002, slippage: 0.0002 };
const grid = { period: [10, 20, 30], mult: [1.5, 2.5], stop_loss_pct: [0.01, 0.03] };

describe('planWindows', () => {
  it.each([
    ['5000 bars with the defaults', 5000, {}, 6],
    ['2010 bars: exactly one window', 2010, {}, 1],
    ['2009 bars: none', 2009, {}, 0],
    ['1h in days (60/20/20 days)', 5000, { per_tf: { '1h': { is_days: 60, oos_days: 20, step_days: 20 } } }, 7],
  ])('%s', (_label, bars, walkForward, expected) => {
    const config = BacktestConfigSchema.parse({ walk_forward: walkForward }).walk_forward;
    const { windows, reason } = planWindows(bars, '1h', config);
    expect(windows).toHaveLength(expected);
    expect(reason === null).toBe(expected > 0);
    for (const w of windows) {
      expect(w.isEnd).toBeLessThanOrEqual(w.oosStart);
      expect(w.oosStart - w.isEnd).toBe(10);
      expect(w.oosEnd).toBeLessThanOrEqual(bars);
    }
  });
});

describe('evaluateCombos', () => {
  const candles = randomWalkCandles(5000, 7);
  const config = defaultBacktestConfig();
  const { windows } = planWindows(5000, '5m', config.walk_forward);
  const combos = [{ period: 10, mult: 1.5 }, { period: 30, mult: 2.5 }];
  const base = { candles, tf: '5m' as const, strategyId: 'bollinger_mr', defaults: { stop_loss_pct: 0.02 }, execution: { fees }, comboScore: config.combo_score };

  it('never reads beyond the end of a window: results on candles cut at the OOS end are identical', () => {
    const full = evaluateCombos({ ...base, combos, windows });
    for (const cut of [1, 3, windows.length - 1]) {
      const kept = windows.slice(0, cut + 1);
      const truncated = evaluateCombos({ ...base, candles: sliceCandles(candles, 0, kept[cut].oosEnd), combos, windows: kept });
      for (let c = 0; c < combos.length; c++) {
        expect(truncated[c].isSharpe).toEqual(full[c].isSharpe.slice(0, cut + 1));
        expect(truncated[c].oosReturn).toEqual(full[c].oosReturn.slice(0, cut + 1));
        expect(truncated[c].oosTrades).toEqual(full[c].oosTrades.slice(0, cut + 1));
      }
    }
  });

  it('keeps every window of every combo and aggregates them', () => {
    const [summary] = evaluateCombos({ ...base, combos: [combos[0]], windows });
    expect(summary.oosSharpe).toHaveLength(windows.length);
    expect(summary.totalOosTrades).toBe(summary.oosTrades.reduce((a, b) => a + b, 0));
    expect(summary.consistency).toBe(summary.oosReturn.filter((r) => r > 0).length / windows.length);
    const chained = summary.oosReturn.reduce((level, r) => level * (1 + r), 1) - 1;
    expect(summary.chainedOosReturn).toBeCloseTo(chained, 12);
    expect(summary.params).toEqual({ stop_loss_pct: 0.02, period: 10, mult: 1.5 });
  });

  it('reports a combo the strategy rejects instead of throwing', () => {
    const [summary] = evaluateCombos({ ...base, combos: [{ period: 1 }], windows });
    expect(summary.error).toMatch(/period/);
    expect(Number.isNaN(summary.comboScore)).toBe(true);
  });
});

describe('runWalkForward', () => {
  it('evaluates the full grid, picks the IS winner per window and the best combo by combo_score', async () => {
    const config = defaultBacktestConfig();
    const result = await runWalkForward(meanRevertingCandles(5000, 3), {
      tf: '5m', strategyId: 'bollinger_mr', grid, defaults: {}, config, execution: { fees }, seed: 1,
    });
    expect(result.search).toMatchObject({ mode: 'full', gridSize: 12, evaluatedCount: 12 });
    expect(result.combos).toHaveLength(12);
    expect(result.validCount).toBe(12);
    expect(result.best).toBe(selectBest(result.combos));
    expect(Math.max(...result.combos.map((c) => c.comboScore))).toBe(result.best?.comboScore);
    const selections = windowSelections(result.combos, result.windows.length);
    for (const selection of selections) {
      const bestIs = Math.max(...result.combos.map((c) => c.isSharpe[selection.window]));
      expect(selection.isSharpe).toBe(bestIs);
    }
  });

  it('samples with a Latin hypercube and a fine pass when the grid is larger than max_full_grid', async () => {
    const config = BacktestConfigSchema.parse({ search: { max_full_grid: 4, lhs_samples: 4, top_k: 1 } });
    const result = await runWalkForward(randomWalkCandles(5000, 2), {
      tf: '5m', strategyId: 'bollinger_mr', grid, defaults: {}, config, execution: { fees }, seed: 1,
    });
    expect(result.search.mode).toBe('lhs');
    expect(result.combos.length).toBe(result.search.evaluatedCount);
    expect(result.search.evaluatedCount).toBeGreaterThan(4);
  });

  it('returns no window and the reason when the data is too short', async () => {
    const result = await runWalkForward(randomWalkCandles(1000, 2), {
      tf: '5m', strategyId: 'bollinger_mr', grid, defaults: {}, config: defaultBacktestConfig(), execution: { fees }, seed: 1,
    });
    expect(result.windows).toHaveLength(0);
    expect(result.reason).toMatch(/backfill more history/);
  });
});
