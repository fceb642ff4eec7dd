import { readFileSync } from 'node:fs';
import { SummaryFileSchema, type SummaryFile, type SummaryRow } from '../config/summary-file.js';

const rowKey = (row: Pick<SummaryRow, 'pair' | 'tf' | 'strategy'>) => `${row.pair}|${row.tf}|${row.strategy}`;

/** The previous reports/summary.json when it exists and is valid; undefined otherwise (it is then rewritten). */
export function readPreviousSummary(file: string): SummaryFile | undefined {
  try {
    const parsed = SummaryFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * summary.json holds the latest result of every (pair, tf, strategy), not only this run's: a cycle that backtests
 * a few DAT pairs keeps the other rows. Rows of another exchange are dropped; rows keep their own SIMULATED label
 * (a row of an older file without one takes that file's label).
 */
export function mergeSummaryRows(
  previous: SummaryFile | undefined,
  current: readonly SummaryRow[],
  context: { runId: string; exchange: string; simulated: boolean },
): SummaryRow[] {
  const fresh = current.map((row) => ({ ...row, run_id: context.runId }));
  if (!previous || previous.exchange !== context.exchange) return fresh;
  const replaced = new Set(fresh.map(rowKey));
  const kept = previous.rows
    .filter((row) => !replaced.has(rowKey(row)))
    .map((row) => ({ ...row, run_id: row.run_id ?? previous.run_id, simulated: row.simulated ?? previous.simulated }));
  return [...fresh, ...kept].sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : rowKey(a) > rowKey(b) ? 1 : 0));
}
