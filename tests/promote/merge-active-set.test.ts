import { describe, expect, it } from 'vitest';
import { mergeActiveSet } from '../../src/promote/merge-active-set.js';
import { activeEntry, candidate, RISK_MODES } from './candidate-fixture.js';

const now = new Date('2025-03-10T12:00:00.000Z');
const live = { promotedAt: '2025-03-09T12:00:00.000Z', expiresAt: '2025-03-11T12:00:00.000Z' };
const base = { rules: RISK_MODES.balanced, riskMode: 'balanced', now };

describe('mergeActiveSet', () => {
  it('drops entries whose expiry is at or before now and keeps the live ones', () => {
    const atNow = activeEntry({ pair: 'ETH/USDT' }, { promotedAt: live.promotedAt, expiresAt: now.toISOString() });
    const past = activeEntry({ pair: 'SOL/USDT' }, { promotedAt: live.promotedAt, expiresAt: '2025-03-01T00:00:00.000Z' });
    const still = activeEntry({ pair: 'BTC/USDT' }, live);
    const result = mergeActiveSet({ ...base, active: [atNow, past, still], candidates: [] });
    expect(result.diff.expired.map((entry) => entry.pair)).toEqual(['ETH/USDT', 'SOL/USDT']);
    expect(result.diff.kept).toEqual([still]);
    expect(result.next).toEqual([still]);
  });

  it('adds a passing candidate with promoted_at, per-timeframe expiry, source run and risk mode', () => {
    const result = mergeActiveSet({ ...base, active: [], candidates: [candidate({ tf: '5m' }), candidate({ tf: '4h' })] });
    expect(result.diff.added).toHaveLength(2);
    const [fiveMinutes, fourHours] = result.next;
    expect(fiveMinutes).toMatchObject({
      tf: '5m', promoted_at: '2025-03-10T12:00:00.000Z', expires_at: '2025-03-12T12:00:00.000Z',
      source_run: 'run-2', risk_mode: 'balanced',
    });
    // 4h has no expiry_hours entry in balanced mode: the 72h default applies.
    expect(fourHours.expires_at).toBe('2025-03-13T12:00:00.000Z');
  });

  it('promotes only the best passing candidate per pair and timeframe: score first, then Sharpe', () => {
    const candidates = [
      candidate({ strategy: 'ema_cross', score: 85 }),
      candidate({ strategy: 'rsi_mr', score: 88 }, { sharpe: 1.2 }),
      candidate({ strategy: 'donchian', score: 88 }, { sharpe: 1.9 }),
      candidate({ strategy: 'macd', score: 99, grade: 'F' }),
      candidate({ strategy: 'ema_cross', tf: '1m', score: 70, grade: 'C' }),
    ];
    const result = mergeActiveSet({ ...base, active: [], candidates });
    expect(result.next.map((entry) => `${entry.tf} ${entry.strategy}`)).toEqual(['1m ema_cross', '5m donchian']);
    expect(result.rejected.map((entry) => entry.candidate.strategy)).toEqual(['macd']);
    expect(result.outranked.map((entry) => entry.candidate.strategy).sort()).toEqual(['ema_cross', 'rsi_mr']);
  });

  it.each([
    ['a higher score replaces the active entry', { strategy: 'rsi_mr', score: 93 }, 'replaced'],
    ['an equal score keeps the active entry', { strategy: 'rsi_mr', score: 90 }, 'kept'],
    ['a lower score keeps the active entry', { strategy: 'rsi_mr', score: 80 }, 'kept'],
    ['the same strategy and params from a newer run replaces it even with a lower score', { score: 82 }, 'replaced'],
    ['the same strategy with other params and a lower score keeps it', { score: 82, params: { period: 30, width: 2 } }, 'kept'],
    ['the same combo from the same run keeps it (promoting twice changes nothing)', { score: 90, source_run: 'run-1' }, 'kept'],
  ] as const)('%s', (_name, overrides, outcome) => {
    const incumbent = activeEntry({ score: 90, source_run: 'run-1' }, live);
    const result = mergeActiveSet({ ...base, active: [incumbent], candidates: [candidate({ ...overrides })] });
    if (outcome === 'kept') {
      expect(result.diff.kept).toEqual([incumbent]);
      expect(result.diff.replaced).toEqual([]);
      expect(result.next).toEqual([incumbent]);
    } else {
      expect(result.diff.replaced).toHaveLength(1);
      expect(result.diff.replaced[0].from).toBe(incumbent);
      expect(result.next[0]).toMatchObject({ score: overrides.score, promoted_at: now.toISOString(), expires_at: '2025-03-12T12:00:00.000Z' });
    }
  });

  it('treats params with the same values in another key order as the same combo', () => {
    const incumbent = activeEntry({ score: 90, params: { width: 2, period: 20 } }, live);
    const result = mergeActiveSet({ ...base, active: [incumbent], candidates: [candidate({ score: 85 })] });
    expect(result.diff.replaced).toHaveLength(1);
  });

  it('adds a candidate to a slot whose active entry just expired', () => {
    const old = activeEntry({ score: 95 }, { promotedAt: '2025-03-01T00:00:00.000Z', expiresAt: '2025-03-02T00:00:00.000Z' });
    const result = mergeActiveSet({ ...base, active: [old], candidates: [candidate({ strategy: 'rsi_mr', score: 75, grade: 'C' })] });
    expect(result.diff.expired).toEqual([old]);
    expect(result.diff.added.map((entry) => entry.strategy)).toEqual(['rsi_mr']);
  });

  it('replaces every duplicate a hand edit left in one slot when a better candidate arrives', () => {
    const first = activeEntry({ strategy: 'ema_cross', score: 70, grade: 'C' }, live);
    const second = activeEntry({ strategy: 'macd', score: 75, grade: 'C' }, live);
    const result = mergeActiveSet({ ...base, active: [first, second], candidates: [candidate({ score: 80 })] });
    expect(result.diff.replaced.map((change) => change.from.strategy).sort()).toEqual(['ema_cross', 'macd']);
    expect(result.next).toHaveLength(1);
  });

  it('orders the active set by pair, then timeframe shortest first, whatever the input order', () => {
    const candidates = [
      candidate({ pair: 'SOL/USDT', tf: '15m' }),
      candidate({ pair: 'BTC/USDT', tf: '1h' }),
      candidate({ pair: 'BTC/USDT', tf: '15m' }),
      candidate({ pair: 'BTC/USDT', tf: '1m' }),
    ];
    const active = [activeEntry({ pair: 'ETH/USDT', tf: '5m' }, live)];
    const result = mergeActiveSet({ ...base, active, candidates });
    expect(result.next.map((entry) => `${entry.pair} ${entry.tf}`)).toEqual([
      'BTC/USDT 1m', 'BTC/USDT 15m', 'BTC/USDT 1h', 'ETH/USDT 5m', 'SOL/USDT 15m',
    ]);
  });

  it('leaves its inputs untouched', () => {
    const active = [activeEntry({}, live)];
    const candidates = [candidate({ score: 99 })];
    const snapshot = structuredClone({ active, candidates });
    mergeActiveSet({ ...base, active, candidates });
    expect({ active, candidates }).toEqual(snapshot);
  });
});
