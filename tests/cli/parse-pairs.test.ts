import { describe, expect, it } from 'vitest';
import { parsePairItem, parsePairs } from '../../src/cli/parse-pairs.js';
import { UsageError } from '../../src/core/errors.js';

const spot = { quote: 'USDT', market: 'spot', configFile: 'config/config.yaml' } as const;
const swap = { ...spot, market: 'swap' } as const;

describe('parsePairItem', () => {
  it.each([
    [spot, 'BTC/USDT', 'BTC/USDT'],
    [spot, 'btc/usdt', 'BTC/USDT'],
    [spot, 'BTCUSDT', 'BTC/USDT'],
    [spot, 'ETH/BTC', 'ETH/BTC'],
    [swap, 'BTC/USDT:USDT', 'BTC/USDT:USDT'],
    [swap, 'eth/usdt:usdt', 'ETH/USDT:USDT'],
  ])('%j reads %s as %s', (spelling, item, symbol) => {
    expect(parsePairItem(item, spelling)).toBe(symbol);
  });

  it.each([
    [spot, 'BTC-USDT', /cannot read "BTC-USDT" as a pair; write it as BASE\/USDT, e.g. BTC\/USDT$/],
    [swap, 'BTC', /cannot read "BTC" as a pair; write it as BASE\/USDT:USDT, e.g. BTC\/USDT:USDT$/],
    [swap, 'BTC/USDT', /"BTC\/USDT" is a spot symbol but runtime\.market is swap; write the perpetual as BTC\/USDT:USDT$/],
    [swap, 'BTCUSDT', /"BTCUSDT" is a spot symbol .* BTC\/USDT:USDT$/],
    [swap, 'BTCUSDT_PERP', /"BTCUSDT_PERP" is the name of a perpetual's folder on disk, not a symbol; write it as BTC\/USDT:USDT$/],
    [spot, 'BTCUSDT_PERP', /write it as BTC\/USDT:USDT and set runtime\.market: swap in config\/config\.yaml$/],
    [spot, 'BTC/USDT:USDT', /"BTC\/USDT:USDT" is a perpetual swap but runtime\.market is spot; write BTC\/USDT, or set runtime\.market: swap/],
  ])('%j refuses %s with the right spelling', (spelling, item, message) => {
    expect(() => parsePairItem(item, spelling)).toThrow(UsageError);
    expect(() => parsePairItem(item, spelling)).toThrow(message);
  });
});

describe('parsePairs', () => {
  it('leaves an absent flag to the default (the watchlist)', () => {
    expect(parsePairs(undefined, spot)).toBeUndefined();
  });

  it.each(['', ' ', ',', ' , '])('refuses an empty list %j instead of reading it as "every pair"', (value) => {
    expect(() => parsePairs(value, spot)).toThrow(/--pairs: the list is empty; name at least one, or leave --pairs out to use the watchlist/);
  });

  it('reads a comma list, trimming spaces', () => {
    expect(parsePairs(' btcusdt , ETH/USDT ', spot)).toEqual(['BTC/USDT', 'ETH/USDT']);
  });
});
