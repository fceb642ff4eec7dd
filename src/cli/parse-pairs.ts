import { UsageError } from '../core/errors.js';
import { parsePair } from '../core/pair.js';
import { parseList } from './parse-list.js';

/** What a pair must look like: ccxt spells a USDT perpetual `BTC/USDT:USDT` and spot `BTC/USDT`. */
export interface PairSpelling {
  readonly quote: string;
  readonly market: 'spot' | 'swap';
  /** Named in the hint to switch markets. */
  readonly configFile: string;
}

/** `BTC/USDT:USDT` for swap, `BTC/USDT` for spot. */
function symbolFor(base: string, quote: string, market: PairSpelling['market']): string {
  return market === 'swap' ? `${base}/${quote}:${quote}` : `${base}/${quote}`;
}

/** 'BTCUSDT' -> 'BTC'; undefined when the text is not letters and digits ending with the quote ('BTC-USDT'). */
function baseOfCompact(compact: string, quote: string): string | undefined {
  if (!/^[A-Z0-9]+$/.test(compact) || !compact.endsWith(quote) || compact.length <= quote.length) return undefined;
  return compact.slice(0, -quote.length);
}

/**
 * `BTCUSDT_PERP` is the folder scalp stores a perpetual in, never a symbol: name the symbol, and the market
 * switch when the config is on spot.
 */
function perpetualFolderError(item: string, compact: string, spelling: PairSpelling): UsageError {
  const base = baseOfCompact(compact, spelling.quote) ?? 'BASE';
  const switchMarket = spelling.market === 'spot' ? ` and set runtime.market: swap in ${spelling.configFile}` : '';
  return new UsageError(
    `--pairs: "${item}" is the name of a perpetual's folder on disk, not a symbol; write it as ` +
      `${base}/${spelling.quote}:${spelling.quote}${switchMarket}`,
  );
}

function unreadable(item: string, spelling: PairSpelling): UsageError {
  const { quote, market } = spelling;
  return new UsageError(
    `--pairs: cannot read "${item}" as a pair; write it as ${symbolFor('BASE', quote, market)}, e.g. ${symbolFor('BTC', quote, market)}`,
  );
}

function spotOnSwap(item: string, base: string, quote: string): UsageError {
  return new UsageError(`--pairs: "${item}" is a spot symbol but runtime.market is swap; write the perpetual as ${symbolFor(base, quote, 'swap')}`);
}

/** One --pairs item as the ccxt symbol of the configured market, or a UsageError with the right spelling. */
export function parsePairItem(item: string, spelling: PairSpelling): string {
  const { quote, market } = spelling;
  const upper = item.toUpperCase();
  const perpetualFolder = /^([A-Z0-9]+)_PERP$/.exec(upper);
  if (perpetualFolder) throw perpetualFolderError(item, perpetualFolder[1], spelling);
  if (!upper.includes('/')) {
    // 'BTCUSDT', as exchanges' web pages write it: fine for spot; a perpetual needs its settle currency.
    const base = baseOfCompact(upper, quote);
    if (base === undefined) throw unreadable(item, spelling);
    if (market === 'swap') throw spotOnSwap(item, base, quote);
    return symbolFor(base, quote, market);
  }
  const parts = parsePair(upper);
  if (parts === undefined) throw unreadable(item, spelling);
  if (market === 'swap' && !parts.settle) throw spotOnSwap(item, parts.base, parts.quote);
  if (market === 'spot' && parts.settle) {
    throw new UsageError(
      `--pairs: "${item}" is a perpetual swap but runtime.market is spot; write ${parts.base}/${parts.quote}, ` +
        `or set runtime.market: swap in ${spelling.configFile}`,
    );
  }
  return upper;
}

/** --pairs as ccxt symbols of the configured market; undefined when the flag was not given. */
export function parsePairs(value: string | undefined, spelling: PairSpelling): string[] | undefined {
  return parseList(value, '--pairs', 'the watchlist')?.map((item) => parsePairItem(item, spelling));
}
