import { describe, expect, it } from 'vitest';
import type { SummaryFile, SummaryRow } from '../../src/config/summary-file.js';
import { mergeSummaryRows } from '../../src/loop/merge-summary.js';

const row = (pair: string, strategy: string, score: number) => ({ pair, tf: '5m', strategy, score }) as unknown as SummaryRow;
const previous = (rows: SummaryRow[], exchange = 'sim', simulated = true) =>
  ({ run_id: 'run-1', exchange, simulated, rows }) as unknown as SummaryFile;

describe('mergeSummaryRows', () => {
  it('keeps the rows a partial run did not recompute and replaces the ones it did', () => {
    const merged = mergeSummaryRows(
      previous([row('BTC/USDT', 'vwap_rsi', 50), row('ETH/USDT', 'vwap_rsi', 60)]),
      [row('BTC/USDT', 'vwap_rsi', 70)],
      { runId: 'run-2', exchange: 'sim', simulated: true },
    );
    expect(merged.map((r) => [r.pair, r.score, r.run_id])).toEqual([
      ['BTC/USDT', 70, 'run-2'],
      ['ETH/USDT', 60, 'run-1'],
    ]);
  });

  it('drops rows of another exchange (the simulated exchange\'s once a real one is used)', () => {
    const context = { runId: 'run-2', exchange: 'binance', simulated: false };
    expect(mergeSummaryRows(previous([row('ETH/USDT', 'vwap_rsi', 60)]), [], context)).toEqual([]);
  });

  it('keeps each row\'s own SIMULATED label when a store mixes simulated and real series', () => {
    const simulatedRow = { ...row('SOL/USDT', 'vwap_rsi', 40) } as SummaryRow;
    const merged = mergeSummaryRows(previous([simulatedRow], 'none', true), [{ ...row('BTC/USDT', 'vwap_rsi', 70), simulated: false } as SummaryRow], {
      runId: 'run-2', exchange: 'none', simulated: false,
    });
    expect(merged.map((r) => [r.pair, r.simulated])).toEqual([['BTC/USDT', false], ['SOL/USDT', true]]);
  });

  it('an empty run does not wipe the previous results', () => {
    const merged = mergeSummaryRows(previous([row('ETH/USDT', 'vwap_rsi', 60)]), [], { runId: 'run-2', exchange: 'sim', simulated: true });
    expect(merged).toHaveLength(1);
  });
});
