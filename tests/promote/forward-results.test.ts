import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ForwardSummary } from '../../src/config/strategies-file.js';
import { checkProvenance } from '../../src/promote/candidate-provenance.js';
import { readDemotions } from '../../src/promote/demotion-log.js';
import { applyForwardResults, promotionKey } from '../../src/promote/forward-results.js';
import { listBackups, readActiveSet, writeActiveSet } from '../../src/promote/strategies-store.js';
import { activeEntry, candidate, tempDir } from './candidate-fixture.js';

const now = new Date('2025-03-10T12:00:00.000Z');
const times = { promotedAt: '2025-03-09T00:00:00.000Z', expiresAt: '2025-03-12T00:00:00.000Z' };
const summary = (verdict: ForwardSummary['verdict'], reasons: string[] = []): ForwardSummary => ({
  since: times.promotedAt, checked_at: now.toISOString(), bars: 144, trades: 12, net_return: -0.04, sharpe: -3, mdd: 0.05, psr: 0.01, verdict, reasons,
});

async function setUp() {
  const dir = tempDir();
  const strategiesFile = join(dir, 'config', 'strategies.yml');
  const kept = activeEntry({ pair: 'BTC/USDT' }, times);
  const drifting = activeEntry({ pair: 'ETH/USDT' }, times);
  await writeActiveSet(strategiesFile, [kept, drifting], { riskMode: 'balanced', now: new Date('2025-03-09T00:00:00Z') });
  const files = { strategiesFile, demotionLogFile: join(dir, 'data/logs/demotions.jsonl'), promotionLogFile: join(dir, 'data/logs/promotions.jsonl') };
  return { ...files, kept, drifting, backupsBefore: listBackups(strategiesFile).length };
}

describe('applyForwardResults', () => {
  it('writes each forward summary into strategies.yml without a backup when nothing is demoted', async () => {
    const setup = await setUp();
    const report = await applyForwardResults({ ...setup, riskMode: 'balanced', now, results: [{ key: promotionKey(setup.kept), forward: summary('keep') }] });
    expect(report).toMatchObject({ demoted: [], updated: 1 });
    const active = readActiveSet(setup.strategiesFile);
    expect(active.find((entry) => entry.pair === 'BTC/USDT')?.forward?.verdict).toBe('keep');
    expect(active.find((entry) => entry.pair === 'ETH/USDT')?.forward).toBeUndefined();
    expect(listBackups(setup.strategiesFile)).toHaveLength(setup.backupsBefore);
    expect(existsSync(setup.demotionLogFile)).toBe(false);
  });

  it('takes a demoted entry out at once, keeps a backup, and records why in the demotion and promotion logs', async () => {
    const setup = await setUp();
    const reasons = ['fell 9.00% below its level at promotion'];
    const report = await applyForwardResults({
      ...setup, riskMode: 'balanced', now,
      results: [{ key: promotionKey(setup.kept), forward: summary('wait') }, { key: promotionKey(setup.drifting), forward: summary('demote', reasons) }],
    });
    expect(report.demoted.map((entry) => entry.pair)).toEqual(['ETH/USDT']);
    expect(readActiveSet(setup.strategiesFile).map((entry) => entry.pair)).toEqual(['BTC/USDT']);
    expect(listBackups(setup.strategiesFile)).toHaveLength(setup.backupsBefore + 1);
    const [line] = readDemotions(setup.demotionLogFile);
    expect(line).toMatchObject({ pair: 'ETH/USDT', at: now.toISOString(), reasons, params: setup.drifting.params, promoted_at: times.promotedAt });
    const logged = JSON.parse(readFileSync(setup.promotionLogFile, 'utf8').trim());
    expect(logged.demoted).toEqual([expect.objectContaining({ pair: 'ETH/USDT', reasons })]);
  });

  it('bars the demoted combo from promotion until research has seen candles after the demotion', async () => {
    const setup = await setUp();
    await applyForwardResults({ ...setup, riskMode: 'balanced', now, results: [{ key: promotionKey(setup.drifting), forward: summary('demote', ['drifted']) }] });
    const demotions = readDemotions(setup.demotionLogFile);
    const same = { pair: 'ETH/USDT', params: setup.drifting.params };
    const stale = candidate({ ...same, researched_through: '2025-03-10T11:45:00.000Z' });
    const fresh = candidate({ ...same, researched_through: '2025-03-10T12:15:00.000Z' });
    const other = candidate({ pair: 'ETH/USDT', params: { period: 30, width: 2 }, researched_through: '2025-03-10T11:45:00.000Z' });
    const checked = checkProvenance({ candidates: [stale, fresh, other], summary: undefined, demotions, expired: new Set() });
    expect(checked.rejected.map((r) => [r.candidate.researched_through, r.failures[0].rule])).toEqual([['2025-03-10T11:45:00.000Z', 'demoted']]);
    expect(checked.promotable).toEqual([fresh, other]);
  });
});
