/** Display formatting for the dashboard view model: every number becomes the exact string a reader sees. */

const DASH = '—';

/** Fixed decimals; '—' for null, undefined or non-finite. `1.4239 -> '1.42'`. */
export function formatNumber(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const text = value.toFixed(decimals);
  return text === `-${(0).toFixed(decimals)}` ? (0).toFixed(decimals) : text;
}

/** A signed ratio as percent: `-0.031 -> '-3.1%'`, `0.12 -> '+12.0%'` when `signed`. */
export function formatPercent(ratio: number | null | undefined, decimals = 1, signed = false): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  const text = formatNumber(ratio * 100, decimals);
  return `${signed && ratio > 0 && !text.startsWith('-') ? '+' : ''}${text}%`;
}

/**
 * Profit factor. The file contracts write null when no trade lost (a ratio with nothing to divide by), so null
 * reads "no losses" when the record traded, "no trades" when it did not, and '—' when the trade count is unknown.
 */
export function formatProfitFactor(value: number | null | undefined, trades?: number): string {
  if (value === Number.POSITIVE_INFINITY || (value === null && trades !== undefined && trades > 0)) return 'no losses';
  if (value === null && trades === 0) return 'no trades';
  return formatNumber(value, 2);
}

/** Small statistics whose size varies by orders (a per-bar Sharpe, a variance): `0.000612 -> '0.00061'`. */
export function formatSignificant(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value === 0) return '0';
  return String(Number(value.toPrecision(digits)));
}

/** A length of history given in years: days below a year (`0.02 -> '7.3 days'`), years above (`1.5 years`). */
export function formatYears(years: number | null | undefined): string {
  if (years === null || years === undefined || !Number.isFinite(years)) return DASH;
  if (years >= 1) return `${formatNumber(years, 1)} years`;
  const days = years * 365;
  return `${formatNumber(days, days < 10 ? 1 : 0)} days`;
}

/** Whole number with thin grouping: `12345 -> '12,345'`. */
export function formatInteger(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return Math.round(value).toLocaleString('en-US');
}

/** p-values: 3 decimals, '<0.001' below that. */
export function formatPValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value < 0.001 ? '<0.001' : value.toFixed(3);
}

/** Compact duration: `45s`, `12m`, `3h 05m`, `2d 4h`. Negative durations are shown as their absolute value. */
export function formatDuration(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `'12m ago'`, `'just now'`, '—' when unknown. */
export function formatAge(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  if (ms < 1000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/** Time left until `target` from `now`: `'in 3h 05m'`, `'expired 2h 00m ago'`. */
export function formatExpiry(target: number | null | undefined, now: number): string {
  if (target === null || target === undefined || !Number.isFinite(target)) return DASH;
  const left = target - now;
  return left > 0 ? `in ${formatDuration(left)}` : `expired ${formatDuration(left)} ago`;
}

/** UTC timestamp without seconds: `'2025-01-02 03:04 UTC'`. */
export function formatTimestamp(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A UTC period for a narrow phone column: no year (shown only when the period crosses one), and the end without
 * the day it shares with the start: `'05-20 03:30 → 19:10'`, `'05-20 03:30 → 05-21 12:15'`,
 * `'2024-12-31 22:00 → 2025-01-01 02:00'` (written with a no-break space and no-break hyphens).
 */
export function formatPeriod(start: number | null | undefined, end: number | null | undefined): string {
  if (start === null || start === undefined || end === null || end === undefined || !Number.isFinite(start) || !Number.isFinite(end)) return DASH;
  // No-break space and hyphens inside each date-time: a narrow column wraps at the arrow only.
  const dateTime = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', '\u00a0').replace(/-/g, '\u2011');
  const from = dateTime(start);
  const to = dateTime(end);
  if (from.slice(0, 4) !== to.slice(0, 4)) return `${from} → ${to}`;
  return `${from.slice(5)} → ${to.slice(0, 10) === from.slice(0, 10) ? to.slice(11) : to.slice(5)}`;
}

/** Parameter values as `fast=9 · slow=21`. */
export function formatParams(params: Readonly<Record<string, number | string | boolean>>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return DASH;
  return entries.map(([name, value]) => `${name}=${typeof value === 'number' ? trimNumber(value) : String(value)}`).join(' · ');
}

function trimNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** A raw value for sorting in the browser (`data-sort`): finite numbers as text, missing values sort last. */
export function sortKey(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  if (value === Number.POSITIVE_INFINITY) return '1e308';
  if (value === Number.NEGATIVE_INFINITY) return '-1e308';
  // 7 significant digits order every value the table shows (at most 4) and keep 100+ rows of keys short.
  return String(Number(value.toPrecision(7)));
}

export { DASH };
