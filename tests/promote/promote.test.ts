import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ActiveStrategy, Candidate } from '../../src/config/strategies-file.js';
import { ConfigError } from '../../src/core/errors.js';
import { readPromotionLog } from '../../src/promote/promotion-log.js';
import { formatPromotionReport } from '../../src/promote/promotion-report.js';
import { promote, type PromoteOptions } from '../../src/promote/promote.js';
import { readActiveSet, writeActiveSet } from '../../src/promote/strategies-store.js';
import { activeEntry, candidate, RISK_MODES, tempDir } from './candidate-fixture.js';

const now = new Date('2025-03-10T12:00:00.000Z');
const live = { promotedAt: '2025-03-09T12:00:00.000Z', expiresAt: '2025-03-11T00:00:00.000Z' };
const gone = { promotedAt: '2025-03-01T00:00:00.000Z', expiresAt: '2025-03-02T00:00:00.000Z' };

const CANDIDATES: Candidate[] = [
  candidate({ pair: 'BTC/USDT', tf: '5m', strategy: 'bollinger_mr', grade: 'B', score: 82.1 }),
  candidate({ pair: 'ETH/USDT', tf: '1m', strategy: 'rsi_mr', score: 88 }),
  candidate({ pair: 'XRP/USDT', tf: '5m', strategy: 'macd', grade: 'D', score: 61 }, { trades: 12 }),
];
const ACTIVE: ActiveStrategy[] = [
  activeEntry({ pair: 'ETH/USDT', tf: '1m', strategy: 'ema_cross', score: 75, grade: 'C' }, live),
  activeEntry({ pair: 'SOL/USDT', tf: '15m', strategy: 'donchian' }, gone),
  activeEntry({ pair: 'ADA/USDT', tf: '5m', strategy: 'keltner' }, live),
];

/** A repo-like folder: config/strategies.yml (when `active` is given), reports/strategies.yml.next, data/logs. */
async function workspace(active: ActiveStrategy[] | string | null): Promise<{ dir: string; options: PromoteOptions }> {
  const dir = tempDir();
  const strategiesFile = join(dir, 'config', 'strategies.yml');
  if (typeof active === 'string') {
    mkdirSync(join(dir, 'config'));
    writeFileSync(strategiesFile, active);
  } else if (active) {
    await writeActiveSet(strategiesFile, active, { riskMode: 'balanced', now: new Date('2025-03-09T12:00:00.000Z') });
  }
  const candidatesFile = join(dir, 'reports', 'strategies.yml.next');
  mkdirSync(join(dir, 'reports'));
  writeFileSync(candidatesFile, stringify({ run_id: 'run-2', created_at: '2025-03-10T11:00:00Z', strategies: CANDIDATES }));
  const options: PromoteOptions = {
    strategiesFile, candidatesFile, rules: RISK_MODES.balanced, riskMode: 'balanced', dryRun: false, now,
    promotionLogFile: join(dir, 'data', 'logs', 'promotions.jsonl'),
  };
  return { dir, options };
}

/**
 * Every entry under `dir`: files with their mtime and bytes, folders by name only (a folder's mtime moves when the
 * active-set lock beside strategies.yml is taken and released, which writes no file).
 */
function snapshot(dir: string): Record<string, { mtimeMs: number; bytes: string }> {
  const files: Record<string, { mtimeMs: number; bytes: string }> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    const stats = statSync(path);
    files[name] = stats.isFile() ? { mtimeMs: stats.mtimeMs, bytes: readFileSync(path, 'utf8') } : { mtimeMs: 0, bytes: '<dir>' };
  }
  return files;
}

describe('promote', () => {
  it('adds, replaces, expires, keeps and rejects, then writes the new active set with a backup', async () => {
    const { options } = await workspace(ACTIVE);
    const report = await promote(options);
    const summary = (list: { pair: string; tf: string }[]): string[] => list.map((entry) => `${entry.pair} ${entry.tf}`);
    expect(summary(report.diff.added)).toEqual(['BTC/USDT 5m']);
    expect(report.diff.replaced.map((change) => `${change.from.strategy} -> ${change.to.strategy}`)).toEqual(['ema_cross -> rsi_mr']);
    expect(summary(report.diff.expired)).toEqual(['SOL/USDT 15m']);
    expect(summary(report.diff.kept)).toEqual(['ADA/USDT 5m']);
    expect(report.rejected.map((entry) => entry.candidate.pair)).toEqual(['XRP/USDT']);
    expect(report).toMatchObject({ written: true, runId: 'run-2' });
    expect(report.backupFile).toMatch(/strategies\.yml\.bak-20250310T120000Z$/);
    expect(readActiveSet(options.strategiesFile).map((entry) => `${entry.pair} ${entry.tf} ${entry.strategy}`)).toEqual([
      'ADA/USDT 5m keltner', 'BTC/USDT 5m bollinger_mr', 'ETH/USDT 1m rsi_mr',
    ]);
  });

  it('appends one promotion log line per run with the decisions and the rejection reasons', async () => {
    const { options } = await workspace(ACTIVE);
    await promote(options);
    await promote({ ...options, now: new Date('2025-03-10T12:05:00.000Z') });
    const lines = readPromotionLog(options.promotionLogFile ?? '');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      at: '2025-03-10T12:00:00.000Z', run_id: 'run-2', risk_mode: 'balanced', written: true,
      added: [{ pair: 'BTC/USDT', tf: '5m', strategy: 'bollinger_mr', grade: 'B', score: 82.1, expires_at: '2025-03-12T12:00:00.000Z' }],
      replaced: [{ from: { strategy: 'ema_cross' }, to: { strategy: 'rsi_mr' } }],
      expired: [{ pair: 'SOL/USDT' }],
      kept: [{ pair: 'ADA/USDT' }],
      rejected: [{ pair: 'XRP/USDT', reasons: ['grade D below the balanced minimum C', '12 trades below 30'] }],
    });
    // The second run finds nothing new: the log says so and strategies.yml is not rewritten.
    expect(lines[1]).toMatchObject({ written: false, added: [], replaced: [], expired: [] });
    expect(lines[1].kept).toHaveLength(3);
  });

  it('does not rewrite or back up strategies.yml when nothing changed', async () => {
    const { dir, options } = await workspace(ACTIVE);
    await promote(options);
    const before = snapshot(join(dir, 'config'));
    const again = await promote({ ...options, now: new Date('2025-03-10T12:05:00.000Z') });
    expect(again.written).toBe(false);
    expect(snapshot(join(dir, 'config'))).toEqual(before);
  });

  it('writes nothing at all in a dry run: same files, same bytes, same mtimes', async () => {
    const { dir, options } = await workspace(ACTIVE);
    const before = snapshot(dir);
    const report = await promote({ ...options, dryRun: true });
    expect(report.written).toBe(false);
    expect(report.diff.added).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    ['malformed YAML', 'strategies:\n  - pair: BTC/USDT\n    tf: 5m: x\n    grade: B\n', /malformed YAML at line 3, column 9/],
    ['valid YAML that fails the schema', 'risk_mode: balanced\nstrategies:\n  - pair: BTC/USDT\n    tf: 2m\n', /strategies\[0\]\.tf: line 4:/],
  ])('refuses a strategies.yml with %s, names the line, and leaves every file as it was', async (_name, text, message) => {
    const { dir, options } = await workspace(text);
    const before = snapshot(dir);
    const failure = await promote(options).then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toMatch(message);
    expect((failure as ConfigError).message).toContain('left untouched');
    expect(snapshot(dir)).toEqual(before);
    expect(readFileSync(options.strategiesFile, 'utf8')).toBe(text);
  });

  it('refuses a candidates file that fails its schema and writes nothing', async () => {
    const { dir, options } = await workspace(ACTIVE);
    writeFileSync(options.candidatesFile, 'run_id: run-3\ncreated_at: 2025-03-10T11:00:00Z\nstrategies:\n  - pair: BTC/USDT\n    tf: 5m\n    score: 140\n');
    const before = snapshot(dir);
    await expect(promote(options)).rejects.toThrow(/strategies\.yml\.next: strategies\[0\]\.strategy: line 4: .*run `scalp backtest` again/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('creates strategies.yml when there is none yet', async () => {
    const { options } = await workspace(null);
    const report = await promote(options);
    expect(report.backupFile).toBeUndefined();
    expect(readActiveSet(options.strategiesFile)).toHaveLength(2);
  });
});

describe('formatPromotionReport', () => {
  it('prints a readable diff, one line per decision', async () => {
    const { options } = await workspace(ACTIVE);
    const text = formatPromotionReport(await promote({ ...options, dryRun: true }));
    expect(text.split('\n')).toEqual([
      'promote balanced from run run-2: 1 added, 1 replaced, 1 expired, 1 kept, 1 rejected; dry run: nothing written',
      '+ added     BTC/USDT  5m   bollinger_mr  grade B  82.1  expires in 48h',
      '~ replaced  ETH/USDT  1m   ema_cross  grade C  75.0 -> rsi_mr  grade A  88.0  expires in 24h',
      '- expired   SOL/USDT  15m  donchian  grade A  91.5  expired 8d 12h ago',
      '= kept      ADA/USDT  5m   keltner  grade A  91.5  expires in 12h',
      'x rejected  XRP/USDT  5m   macd  grade D  61.0 : grade D below the balanced minimum C; 12 trades below 30',
    ]);
  });
});
