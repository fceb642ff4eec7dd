import { UsageError } from '../core/errors.js';
import { TIMEFRAMES, isTimeframe, type Timeframe } from '../core/timeframe.js';

/** 'a,b , c' -> ['a','b','c']; undefined stays undefined. */
export function parseList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

export function parseTimeframes(value: string | undefined, flag = '--tfs'): Timeframe[] | undefined {
  const items = parseList(value);
  if (!items) return undefined;
  for (const item of items) {
    if (!isTimeframe(item)) throw new UsageError(`${flag}: unknown timeframe "${item}"; use a comma list of ${TIMEFRAMES.join(', ')}`);
  }
  return items as Timeframe[];
}

/** Pair symbols as 'BTC/USDT'; 'BTCUSDT' is accepted when the quote is known. */
export function parsePairs(value: string | undefined, quote: string): string[] | undefined {
  const items = parseList(value);
  if (!items) return undefined;
  return items.map((item) => {
    const upper = item.toUpperCase();
    if (upper.includes('/')) return upper;
    if (upper.endsWith(quote) && upper.length > quote.length) return `${upper.slice(0, -quote.length)}/${quote}`;
    throw new UsageError(`--pairs: cannot read "${item}" as a pair; write it as BASE/${quote}, e.g. BTC/${quote}`);
  });
}

export function parsePositiveInt(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`${flag}: expected a whole number >= 1, got "${value}"`);
  return number;
}
