/**
 * Pair symbols follow ccxt: 'BTC/USDT' for spot, 'BTC/USDT:USDT' for a USDT-margined perpetual swap.
 * On disk a pair is a folder name without the slash: 'BTCUSDT', and 'BTCUSDT_PERP' for the swap.
 */
export type PairSymbol = string;

const PAIR_PATTERN = /^([A-Z0-9]+)\/([A-Z0-9]+)(?::([A-Z0-9]+))?$/;

export function parsePair(symbol: PairSymbol): { base: string; quote: string; settle?: string } | undefined {
  const match = PAIR_PATTERN.exec(symbol);
  if (!match) return undefined;
  return { base: match[1], quote: match[2], settle: match[3] };
}

export function pairDirName(symbol: PairSymbol): string {
  const parts = parsePair(symbol);
  if (!parts) return symbol.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${parts.base}${parts.quote}${parts.settle ? '_PERP' : ''}`;
}
