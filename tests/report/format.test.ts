import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatExpiry,
  formatNumber,
  formatParams,
  formatPercent,
  formatProfitFactor,
  formatPValue,
  formatTimestamp,
  sortKey,
} from '../../src/report/_format.js';

describe('dashboard number formatting', () => {
  it.each([
    ['two decimals', formatNumber(1.4239), '1.42'],
    ['no negative zero', formatNumber(-0.001), '0.00'],
    ['missing value', formatNumber(null), '—'],
    ['NaN', formatNumber(Number.NaN), '—'],
    ['percent of a ratio', formatPercent(-0.031), '-3.1%'],
    ['signed percent', formatPercent(0.12, 1, true), '+12.0%'],
    ['profit factor without losers', formatProfitFactor(Number.POSITIVE_INFINITY), '∞'],
    ['tiny p-value', formatPValue(0.0004), '<0.001'],
    ['p-value', formatPValue(0.0312), '0.031'],
    ['age in minutes', formatAge(12 * 60_000 + 5_000), '12m ago'],
    ['age in hours', formatAge(3 * 3_600_000 + 5 * 60_000), '3h 05m ago'],
    ['age in days', formatAge(50 * 3_600_000), '2d 2h ago'],
    ['unknown age', formatAge(null), '—'],
    ['expiry ahead', formatExpiry(10_000 + 90 * 60_000, 10_000), 'in 1h 30m'],
    ['expiry passed', formatExpiry(0, 2 * 3_600_000), 'expired 2h 00m ago'],
    ['timestamp in UTC', formatTimestamp(Date.parse('2025-01-02T03:04:59Z')), '2025-01-02 03:04 UTC'],
    ['params', formatParams({ fast: 9, width: 2.5, mode: 'fast', on: true }), 'fast=9 · width=2.5 · mode=fast · on=true'],
    ['no params', formatParams({}), '—'],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('gives sort keys that put missing values last and keep infinities ordered', () => {
    expect([sortKey(null), sortKey(Number.NaN), sortKey(Number.POSITIVE_INFINITY), sortKey(-2.5)]).toEqual(['', '', '1e308', '-2.5']);
  });
});
