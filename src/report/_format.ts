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

/** Profit factor: infinite when there was no losing trade. */
export function formatProfitFactor(value: number | null | undefined): string {
  if (value === Number.POSITIVE_INFINITY) return '∞';
  return formatNumber(value, 2);
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
  return String(value);
}

export { DASH };
