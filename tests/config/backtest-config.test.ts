import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { BacktestConfigSchema, defaultBacktestConfig, loadBacktestConfig } from '../../src/config/backtest-config.js';

const shippedFile = join(import.meta.dirname, '../../config/backtest_config.json');

describe('backtest_config.json', () => {
  it('an empty object gets defaults that give about 6 windows on 5000 candles', () => {
    const config = defaultBacktestConfig();
    const window = config.walk_forward.default;
    expect(window).toEqual({ is_bars: 1500, oos_bars: 500, step_bars: 500, embargo_bars: 10 });
    expect(Math.floor((5000 - 1500 - 10 - 500) / 500) + 1).toBe(6);
    expect(config.risk_modes.balanced.min_grade).toBe('C');
    expect(config.grading.gradeBoundaries.A).toBe(90);
    expect(config.stability.factors).toEqual([0.8, 0.9, 1.1, 1.2]);
  });

  it('the shipped file parses to the same values as the defaults', () => {
    expect(loadBacktestConfig(shippedFile)).toEqual(defaultBacktestConfig());
  });

  it.each([
    [{ search: { max_full_grid: 0 } }, 'search.max_full_grid'],
    [{ walk_forward: { default: { is_bars: 100 } } }, 'walk_forward.default'],
    [{ walk_forward: { per_tf: { '7m': { is_days: 1, oos_days: 1, step_days: 1 } } } }, 'walk_forward.per_tf'],
    [{ unknown_block: 1 }, ''],
    [{ overfitting: { partitions: 15 } }, 'overfitting.partitions'],
    [{ overfitting: { partitions: 32 } }, 'overfitting.partitions'],
  ])('rejects %j', (input, path) => {
    const result = BacktestConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path.join('.')).toContain(path);
  });

  it('says what replaced combo_score instead of a bare unknown key (the best combo is no longer picked on OOS bars)', () => {
    const result = BacktestConfigSchema.safeParse({ combo_score: { oos_sharpe: 1 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['combo_score']);
    expect(result.error?.issues[0].message).toMatch(/in-sample bars only.*delete this block/);
  });

  it('accepts day-based windows per timeframe', () => {
    const config = BacktestConfigSchema.parse({ walk_forward: { per_tf: { '1h': { is_days: 60, oos_days: 20, step_days: 20 } } } });
    expect(config.walk_forward.per_tf['1h']).toEqual({ is_days: 60, oos_days: 20, step_days: 20, embargo_bars: 10 });
  });

  it('a missing file is a ConfigError naming the file', () => {
    expect(() => loadBacktestConfig('/nonexistent/backtest_config.json')).toThrow(ConfigError);
  });
});
