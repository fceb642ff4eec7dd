import { describe, expect, it } from 'vitest';
import { SummaryFileSchema } from '../../src/config/summary-file.js';
import { latestCandidates } from '../../src/loop/backtest-reports.js';
import { candidate } from '../promote/candidate-fixture.js';
import { summaryRow } from '../promote/summary-fixture.js';

const btc = candidate({ pair: 'BTC/USDT', source_run: 'run-2' });
const eth = candidate({ pair: 'ETH/USDT', source_run: 'run-1' });
const sol = candidate({ pair: 'SOL/USDT', source_run: 'run-1', score: 77 });
const summary = SummaryFileSchema.parse({
  run_id: 'run-2', created_at: '2025-03-10T11:00:00Z', config_hash: 'c', exchange: 'sim', simulated: true,
  rows: [summaryRow(btc, 'run-2'), summaryRow(eth, 'run-1'), summaryRow(sol, 'run-1')],
});

describe('latestCandidates', () => {
  it('gives one candidate per summary row: this run\'s, else the previous file\'s of the same run, else rebuilt from the row', () => {
    const graded = { ...eth, graded_only: 'a field only research gives' };
    const stale = { ...sol, source_run: 'run-0' };
    const file = latestCandidates(summary, [btc], { run_id: 'run-1', created_at: '2025-03-09T11:00:00Z', strategies: [graded, stale] });
    expect(file).toMatchObject({ run_id: 'run-2', created_at: '2025-03-10T11:00:00Z' });
    expect(file.strategies[0]).toBe(btc);
    expect(file.strategies[1]).toBe(graded);
    expect(file.strategies[2]).toMatchObject({ pair: 'SOL/USDT', source_run: 'run-1', score: 77, simulated: true, metrics: { sharpe: 1, dsr: 0.9 } });
  });
});
