import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatExpiry,
  formatNumber,
  formatParams,
  formatPercent,
  formatPeriod,
  formatProfitFactor,
  formatPValue,
  formatSignificant,
  formatTimestamp,
  formatYears,
  sortKey,
} from '../../src/report/_format.js';

/** The period as written in a test: formatPeriod joins each date and time with a no-break space and no-break hyphens. */
const period = (text: string) => text.replace(/(?<=\d) (?=\d\d:)/g, '\u00a0').replace(/-/g, '\u2011');

describe('dashboard number formatting', () => {
  it.each([
    ['two decimals', formatNumber(1.4239), '1.42'],
    ['no negative zero', formatNumber(-0.001), '0.00'],
    ['missing value', formatNumber(null), '—'],
    ['NaN', formatNumber(Number.NaN), '—'],
    ['percent of a ratio', formatPercent(-0.031), '-3.1%'],
    ['signed percent', formatPercent(0.12, 1, true), '+12.0%'],
    ['profit factor without losers', formatProfitFactor(Number.POSITIVE_INFINITY), 'no losses'],
    ['profit factor null: no trade lost', formatProfitFactor(null, 13), 'no losses'],
    ['profit factor null: no trades', formatProfitFactor(null, 0), 'no trades'],
    ['profit factor null, trades unknown', formatProfitFactor(null), '—'],
    ['profit factor', formatProfitFactor(1.4861, 40), '1.49'],
    ['small statistic', formatSignificant(0.000612345), '0.00061'],
    ['history in days', formatYears(0.02), '7.3 days'],
    ['history in many days', formatYears(0.34247), '125 days'],
    ['history in years', formatYears(1.52), '1.5 years'],
    ['period within a day', formatPeriod(Date.parse('2025-05-20T03:30:00Z'), Date.parse('2025-05-20T19:10:00Z')), period('05-20 03:30 → 19:10')],
    ['period over days', formatPeriod(Date.parse('2025-05-20T03:30:00Z'), Date.parse('2025-05-21T12:15:00Z')), period('05-20 03:30 → 05-21 12:15')],
    ['period over a new year', formatPeriod(Date.parse('2024-12-31T22:00:00Z'), Date.parse('2025-01-01T02:00:00Z')), period('2024-12-31 22:00 → 2025-01-01 02:00')],
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
    expect([sortKey(0.0004997501249375312), sortKey(17.474536709610636), sortKey(631)]).toEqual(['0.0004997501', '17.47454', '631']);
  });
});
