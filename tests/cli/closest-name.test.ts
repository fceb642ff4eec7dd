import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/cli/closest-name.js';

const STRATEGIES = ['vwap_rsi', 'momentum', 'bollinger_mr', 'donchian_breakout', 'grid_atr', 'grid_range_atr'];

describe('closestName', () => {
  it.each([
    ['bolinger_mr', 'bollinger_mr'],
    ['Momentum', 'momentum'],
    ['grid-atr', 'grid_atr'],
    ['donchain_breakout', 'donchian_breakout'],
  ])('suggests the id %s most likely meant', (typed, expected) => {
    expect(closestName(typed, STRATEGIES)).toBe(expected);
  });

  it.each(['zzz', 'supertrend', ''])('suggests nothing for %j, too far from every id', (typed) => {
    expect(closestName(typed, STRATEGIES)).toBeUndefined();
  });
});
