import { describe, expect, it } from 'vitest';
import { splitWalkForward, windowBarsFromDays } from '../../src/research/walk-forward-split.js';

describe('splitWalkForward', () => {
  it('rolls IS/OOS windows forward by exactly the step', () => {
    const { windows, reason } = splitWalkForward({ bars: 100, isBars: 40, oosBars: 10, stepBars: 10 });
    expect(reason).toBeNull();
    expect(windows).toHaveLength(6);
    expect(windows[0]).toEqual({ index: 0, isStart: 0, isEnd: 40, oosStart: 40, oosEnd: 50 });
    expect(windows[5]).toEqual({ index: 5, isStart: 50, isEnd: 90, oosStart: 90, oosEnd: 100 });
    for (let k = 1; k < windows.length; k++) expect(windows[k].isStart - windows[k - 1].isStart).toBe(10);
  });

  it.each([
    { bars: 1000, isBars: 300, oosBars: 100, stepBars: 100, embargoBars: 0 },
    { bars: 1000, isBars: 300, oosBars: 100, stepBars: 100, embargoBars: 12 },
    { bars: 977, isBars: 250, oosBars: 60, stepBars: 37, embargoBars: 5, startIndex: 50 },
    { bars: 500, isBars: 100, oosBars: 50, stepBars: 200, embargoBars: 1 },
  ])('keeps IS and OOS apart by the embargo and inside the data: %o', (options) => {
    const { windows } = splitWalkForward(options);
    expect(windows.length).toBeGreaterThan(0);
    for (const window of windows) {
      expect(window.isStart).toBeGreaterThanOrEqual(options.startIndex ?? 0);
      expect(window.isEnd - window.isStart).toBe(options.isBars);
      expect(window.oosStart - window.isEnd).toBe(options.embargoBars);
      expect(window.oosEnd - window.oosStart).toBe(options.oosBars);
      expect(window.oosEnd).toBeLessThanOrEqual(options.bars);
    }
    // The next window would not fit: no usable data is left out.
    const last = windows[windows.length - 1];
    expect(last.oosEnd + options.stepBars).toBeGreaterThan(options.bars);
  });

  it('returns zero windows and a reason when the data is too short', () => {
    const { windows, reason } = splitWalkForward({ bars: 120, isBars: 100, oosBars: 20, stepBars: 20, embargoBars: 5 });
    expect(windows).toEqual([]);
    expect(reason).toMatch(/needs 125 bars .* only 120 are available/);
  });

  it.each([
    [{ bars: 100, isBars: 0, oosBars: 10, stepBars: 10 }, /isBars must be an integer >= 1/],
    [{ bars: 100, isBars: 10, oosBars: 10, stepBars: 0 }, /stepBars/],
    [{ bars: 100, isBars: 10, oosBars: 10, stepBars: 5, embargoBars: -1 }, /embargoBars/],
    [{ bars: 100.5, isBars: 10, oosBars: 10, stepBars: 5 }, /bars must be an integer/],
  ])('rejects invalid sizes %o', (options, message) => {
    expect(() => splitWalkForward(options)).toThrow(message);
  });
});

describe('windowBarsFromDays', () => {
  it.each([
    [2, '5m', 576],
    [1, '1m', 1440],
    [30, '1h', 720],
    [0.5, '15m', 48],
  ] as const)('%d days of %s is %d bars', (days, tf, bars) => {
    expect(windowBarsFromDays(days, tf)).toBe(bars);
  });

  it('rejects windows shorter than one bar', () => {
    expect(() => windowBarsFromDays(0.01, '1d')).toThrow(/less than one 1d bar/);
    expect(() => windowBarsFromDays(0, '1m')).toThrow(/days must be > 0/);
  });
});
