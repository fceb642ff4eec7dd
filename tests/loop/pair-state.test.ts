import { describe, expect, it } from 'vitest';
import { classifyPairState } from '../../src/loop/pair-state.js';

const NOW = Date.UTC(2026, 0, 10, 12, 0);
const MIN = 60_000;

describe('classifyPairState', () => {
  it.each([
    ['MIS when there is no candle file', { lastCandle: undefined }, 'MIS'],
    ['OLD when the last 5m candle is older than 5 x 5m', { lastCandle: NOW - 26 * MIN }, 'OLD'],
    ['DAT when candles are fresh and no strategy is promoted', { lastCandle: NOW - 10 * MIN }, 'DAT'],
    ['DAT when the promoted strategy has expired', { lastCandle: NOW - 10 * MIN, strategyExpiresAt: NOW - 1 }, 'DAT'],
    ['OK when candles are fresh and the strategy has not expired', { lastCandle: NOW - 10 * MIN, strategyExpiresAt: NOW + MIN }, 'OK'],
    ['OLD even with a live strategy when candles are stale', { lastCandle: NOW - 60 * MIN, strategyExpiresAt: NOW + MIN }, 'OLD'],
  ] as const)('%s', (_name, input, expected) => {
    expect(classifyPairState({ tf: '5m', ageMult: 5, now: NOW, ...input })).toBe(expected);
  });
});
