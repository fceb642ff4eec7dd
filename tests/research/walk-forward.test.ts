import { describe, expect, it } from 'vitest';
import { sliceCandles } from '../../src/core/index.js';
import { BacktestConfigSchema, defaultBacktestConfig } from '../../src/config/backtest-config.js';
import { chooseInSample, chooseWalkForward, evaluateCombos, oosReturnCount, planWindows } from '../../src/research/index.js';
import { meanRevertingCandles, randomWalkCandles, withOtherFuture } from './_synthetic-candles.js';

const fees = { taker: 0.0005, maker: 0.0002, slippage: 0.0002 };
const grid = { period: [10, 20, 30], mult: [1.5, 2.5], stop_loss_pct: [0.01, 0.03] };
const config = defaultBacktestConfig();
const input = { tf: '5m' as const, strategyId: 'bollinger_mr', grid, defaults: {}, config, execution: { fees }, seed: 1 };

describe('planWindows', () => {
  it.each([
    ['5000 bars with the defaults', 5000, {}, 6],
    ['2010 bars: exactly one window', 2010, {}, 1],
    ['2009 bars: none', 2009, {}, 0],
    ['1h in days (60/20/20 days)', 5000, { per_tf: { '1h': { is_days: 60, oos_days: 20, step_days: 20 } } }, 7],
  ])('%s', (_label, bars, walkForward, expected) => {
    const walk = BacktestConfigSchema.parse({ walk_forward: walkForward }).walk_forward;
    const { windows, reason } = planWindows(bars, '1h', walk);
    expect(windows).toHaveLength(expected);
    expect(reason === null).toBe(expected > 0);
    for (const w of windows) {
      expect(w.isEnd).toBeLessThanOrEqual(w.oosStart);
      expect(w.oosStart - w.isEnd).toBe(10);
      expect(w.oosEnd).toBeLessThanOrEqual(bars);
    }
  });

  it('refuses a step shorter than the OOS window: the stitched record would trade bars twice', () => {
    const result = BacktestConfigSchema.safeParse({ walk_forward: { default: { is_bars: 1000, oos_bars: 500, step_bars: 250 } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/twice/);
  });
});

describe('evaluateCombos', () => {
  const candles = randomWalkCandles(5000, 7);
  const { windows } = planWindows(5000, '5m', config.walk_forward);
  const combos = [{ period: 10, mult: 1.5 }, { period: 30, mult: 2.5 }];
  const base = { candles, tf: '5m' as const, strategyId: 'bollinger_mr', defaults: { stop_loss_pct: 0.02 }, execution: { fees }, partitions: 16 };

  it('never reads beyond the end of a window: results on candles cut at the OOS end are identical', () => {
    const full = evaluateCombos({ ...base, combos, windows });
    for (const cut of [1, 3, windows.length - 1]) {
      const kept = windows.slice(0, cut + 1);
      const truncated = evaluateCombos({ ...base, candles: sliceCandles(candles, 0, kept[cut].oosEnd), combos, windows: kept });
      for (let c = 0; c < combos.length; c++) {
        expect(truncated[c].isTStat).toEqual(full[c].isTStat.slice(0, cut + 1));
        expect(truncated[c].oosReturn).toEqual(full[c].oosReturn.slice(0, cut + 1));
        expect(truncated[c].oosTrades).toEqual(full[c].oosTrades.slice(0, cut + 1));
      }
    }
  });

  it('keeps every window of every combo, its chained OOS return and CSCV blocks that add up to its OOS returns', () => {
    const [summary] = evaluateCombos({ ...base, combos: [combos[0]], windows });
    expect(summary.oosSharpe).toHaveLength(windows.length);
    expect(summary.isTStat).toHaveLength(windows.length);
    expect(summary.totalOosTrades).toBe(summary.oosTrades.reduce((a, b) => a + b, 0));
    const chained = summary.oosReturn.reduce((level, r) => level * (1 + r), 1) - 1;
    expect(summary.chainedOosReturn).toBeCloseTo(chained, 12);
    expect(summary.params).toEqual({ stop_loss_pct: 0.02, period: 10, mult: 1.5 });
    expect(summary.blockSums).toHaveLength(16);
    // 6 windows x 499 returns = 2994 = 16 x 187 + 2 dropped: the blocks hold every return but the first two.
    expect(oosReturnCount(windows)).toBe(2994);
    expect(summary.blockSums.every((sum) => sum !== 0)).toBe(true);
  });

  it('reports a combo the strategy rejects instead of throwing', () => {
    const [summary] = evaluateCombos({ ...base, combos: [{ period: 1 }], windows });
    expect(summary.error).toMatch(/period/);
  });
});

describe('chooseWalkForward', () => {
  it('chooses in every window the combo with the best IS t-statistic among those with enough IS trades', async () => {
    const result = await chooseWalkForward(meanRevertingCandles(5000, 3), input);
    expect(result.search).toMatchObject({ mode: 'full', gridSize: 12, evaluatedCount: 12 });
    expect(result.validCount).toBe(12);
    expect(result.choices).toHaveLength(result.windows.length);
    for (const choice of result.choices) {
      const eligible = result.combos.filter((c) => c.isTrades[choice.window] >= config.selection.min_is_trades);
      expect(choice.isTStat).toBe(Math.max(...eligible.map((c) => c.isTStat[choice.window])));
      expect(choice.candidates).toBe(12);
    }
  });

  it('ranks a combo with too few IS trades after every combo that has enough, however lucky its t', () => {
    const lucky = { key: 'a', isTrades: [1], isTStat: [9] };
    const steady = { key: 'b', isTrades: [40], isTStat: [1.2] };
    const winner = chooseInSample([lucky, steady] as never, 0, 10);
    expect(winner?.key).toBe('b');
  });

  it("a window's choice never sees its own OOS bars: another future from its IS end on leaves it unchanged", async () => {
    const candles = randomWalkCandles(5000, 31);
    const original = await chooseWalkForward(candles, input);
    const first = original.windows[0];
    const changed = await chooseWalkForward(withOtherFuture(candles, randomWalkCandles(5000, 32), first.isEnd), input);
    expect(changed.choices[0]).toEqual(original.choices[0]);
    // The OOS diagnostic of the same window did change: the choice was made without it.
    expect(changed.combos.map((c) => c.oosReturn[0])).not.toEqual(original.combos.map((c) => c.oosReturn[0]));
  });

  it('samples with a Latin hypercube and a fine pass per window when the grid is larger than max_full_grid', async () => {
    const sampled = BacktestConfigSchema.parse({ search: { max_full_grid: 4, lhs_samples: 4, top_k: 1 } });
    const result = await chooseWalkForward(randomWalkCandles(5000, 2), { ...input, config: sampled });
    expect(result.search.mode).toBe('lhs');
    expect(result.combos.length).toBe(result.search.evaluatedCount);
    expect(result.search.finePassCount).toBeGreaterThan(0);
    expect(result.search.evaluatedCount - result.search.finePassCount).toBeLessThanOrEqual(4);
    for (const choice of result.choices) expect(choice.candidates).toBeLessThanOrEqual(result.combos.length);
  });

  it('throws the reason when the data is too short for one window', async () => {
    await expect(chooseWalkForward(randomWalkCandles(1000, 2), input)).rejects.toThrow(/backfill more history/);
  });
});
