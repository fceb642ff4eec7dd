import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ActiveStrategy, Candidate } from '../../src/config/strategies-file.js';
import { LockHeldError } from '../../src/core/errors.js';
import { acquireLock } from '../../src/io/lock-file.js';
import { activeSetLockPath } from '../../src/promote/active-set-lock.js';
import { promote, type PromoteOptions } from '../../src/promote/promote.js';
import { readActiveSet, writeActiveSet } from '../../src/promote/strategies-store.js';
import { activeEntry, candidate, RISK_MODES, tempDir } from './candidate-fixture.js';
import { summaryRow } from './summary-fixture.js';

const now = new Date('2025-03-10T12:00:00.000Z');

/** reports/{strategies.yml.next, summary.json} + config/strategies.yml in a fresh folder. */
async function workspace(input: { candidates: Candidate[]; summaryRows?: Record<string, unknown>[]; active?: ActiveStrategy[] }): Promise<PromoteOptions> {
  const dir = tempDir();
  mkdirSync(join(dir, 'reports'));
  const candidatesFile = join(dir, 'reports', 'strategies.yml.next');
  writeFileSync(candidatesFile, stringify({ run_id: 'run-3', created_at: '2025-03-10T11:00:00Z', strategies: input.candidates }));
  if (input.summaryRows) {
    const summary = { run_id: 'run-3', created_at: '2025-03-10T11:00:00Z', config_hash: 'c', exchange: 'binance', simulated: false, rows: input.summaryRows };
    writeFileSync(join(dir, 'reports', 'summary.json'), JSON.stringify(summary));
  }
  const strategiesFile = join(dir, 'config', 'strategies.yml');
  if (input.active) await writeActiveSet(strategiesFile, input.active, { riskMode: 'balanced', now: new Date('2025-03-01T00:00:00Z') });
  return {
    strategiesFile, candidatesFile, rules: RISK_MODES.balanced, riskMode: 'balanced', dryRun: false, now,
    promotionLogFile: join(dir, 'data', 'logs', 'promotions.jsonl'),
  };
}

const pairsOf = (entries: { pair: string }[]): string[] => entries.map((entry) => entry.pair);

describe('promote keeps promotion honest about where a candidate comes from', () => {
  it('promotes candidates of older runs that are still the latest result of their pair x tf x strategy', async () => {
    const older = candidate({ pair: 'ETH/USDT', source_run: 'run-1' });
    const fresh = candidate({ pair: 'BTC/USDT', source_run: 'run-3' });
    const options = await workspace({ candidates: [older, fresh], summaryRows: [summaryRow(older, 'run-1'), summaryRow(fresh, 'run-3')] });
    const report = await promote(options);
    expect(pairsOf(report.diff.added)).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('refuses a candidate whose row in summary.json is not the latest (another run) or whose params were edited', async () => {
    const stale = candidate({ pair: 'ETH/USDT', source_run: 'run-1' });
    const edited = candidate({ pair: 'BTC/USDT', source_run: 'run-3', params: { period: 99, width: 2 } });
    const missing = candidate({ pair: 'SOL/USDT', source_run: 'run-3' });
    const options = await workspace({
      candidates: [stale, edited, missing],
      summaryRows: [summaryRow(stale, 'run-2'), summaryRow({ ...edited, params: { period: 20, width: 2 } }, 'run-3')],
    });
    const report = await promote(options);
    expect(report.diff.added).toEqual([]);
    expect(report.written).toBe(false);
    expect(report.rejected.map(({ candidate: c, failures }) => `${c.pair} ${failures.map((f) => f.rule).join()}`)).toEqual([
      'BTC/USDT latest_result', 'ETH/USDT latest_result', 'SOL/USDT latest_result',
    ]);
    expect(report.rejected[1].failures[0].message).toBe('not the latest result: summary.json holds run run-2, this candidate is from run run-1');
  });

  it('never promotes again a measurement whose promotion expired, even once strategies.yml forgot it', async () => {
    const measured = candidate({ pair: 'ETH/USDT', source_run: 'run-1' });
    const expiredEntry = activeEntry({ pair: 'ETH/USDT', source_run: 'run-1' }, { promotedAt: '2025-03-01T00:00:00.000Z', expiresAt: '2025-03-02T00:00:00.000Z' });
    const options = await workspace({ candidates: [measured], summaryRows: [summaryRow(measured, 'run-1')], active: [expiredEntry] });
    const first = await promote(options);
    expect(pairsOf(first.diff.expired)).toEqual(['ETH/USDT']);
    expect(first.diff.added).toEqual([]);
    expect(first.rejected[0].failures[0]).toMatchObject({ rule: 'expired_measurement' });
    expect(readActiveSet(options.strategiesFile)).toEqual([]);
    const again = await promote({ ...options, now: new Date('2025-03-10T12:15:00.000Z') });
    expect(again.diff.added).toEqual([]);
    expect(again.rejected[0].failures[0].message).toMatch(/expired; backtest it again/);
  });

  it('checks nothing when no summary.json lies beside a hand-made candidates file', async () => {
    const options = await workspace({ candidates: [candidate({ source_run: 'by-hand' })] });
    expect(pairsOf((await promote(options)).diff.added)).toEqual(['BTC/USDT']);
  });

  it('refuses a summary.json that does not parse, and writes nothing', async () => {
    const options = await workspace({ candidates: [candidate()], summaryRows: [] });
    writeFileSync(join(options.candidatesFile, '..', 'summary.json'), '{"rows": [');
    await expect(promote(options)).rejects.toThrow(/summary\.json: malformed JSON.*nothing was promoted/);
  });
});

describe('promote holds the active-set lock', () => {
  it('waits for another holder, then gives up with LockHeldError and writes nothing; a dry run needs no lock', async () => {
    const options = await workspace({ candidates: [candidate()] });
    const other = await acquireLock(activeSetLockPath(options.strategiesFile), { activity: 'the loop promote step' });
    try {
      const failure = await promote({ ...options, lockWaitMs: 100 }).then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(LockHeldError);
      expect((failure as Error).message).toMatch(/strategies\.yml\.lock: .*the loop promote step.*\(waited 0\.1 s\)/);
      expect(() => readFileSync(options.strategiesFile)).toThrow();
      expect(pairsOf((await promote({ ...options, dryRun: true })).diff.added)).toEqual(['BTC/USDT']);
    } finally {
      await other.release();
    }
    expect(pairsOf((await promote(options)).diff.added)).toEqual(['BTC/USDT']);
  });
});
