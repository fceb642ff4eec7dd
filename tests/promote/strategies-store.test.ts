import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { StrategiesFileSchema } from '../../src/config/strategies-file.js';
import { ConfigError } from '../../src/core/errors.js';
import { readActiveSet, readCandidates, writeActiveSet } from '../../src/promote/strategies-store.js';
import { activeEntry, tempDir } from './candidate-fixture.js';

const times = { promotedAt: '2025-03-10T12:00:00.000Z', expiresAt: '2025-03-12T12:00:00.000Z' };
const entries = [activeEntry({ pair: 'BTC/USDT' }, times), activeEntry({ pair: 'ETH/USDT', tf: '1m' }, times)];
const now = new Date('2025-03-10T12:00:00.000Z');

function errorOf(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function fileWith(text: string): string {
  const file = join(tempDir(), 'strategies.yml');
  writeFileSync(file, text);
  return file;
}

const VALID_ENTRY = `strategies:
  - pair: BTC/USDT
    tf: 5m
    strategy: bollinger_mr
    params: { period: 20 }
    grade: B
    score: 82.1
    metrics: { sharpe: 1.5, pf: 1.4, mdd: 0.1, win_rate: 0.5, trades: 80, net_return: 0.1, dsr: 0.9, mc_pvalue: 0.02, consistency: 0.7, oos_is_ratio: 0.8, stability: 0.9 }
    source_run: run-1
    promoted_at: 2025-03-10T12:00:00Z
    expires_at: 2025-03-12T12:00:00Z
`;

describe('readActiveSet', () => {
  it.each([
    ['an absent file', null],
    ['an empty file', ''],
    ['a file with only comments', '# nothing promoted yet\n'],
    ['a file whose strategies list was emptied by hand', 'risk_mode: balanced\nstrategies:\n'],
  ])('reads %s as an empty active set', (_name, text) => {
    const file = text === null ? join(tempDir(), 'strategies.yml') : fileWith(text);
    expect(readActiveSet(file)).toEqual([]);
  });

  it('reads a hand-written valid file', () => {
    const [entry] = readActiveSet(fileWith(VALID_ENTRY));
    expect(entry).toMatchObject({ pair: 'BTC/USDT', tf: '5m', grade: 'B', simulated: false });
  });

  it('reports malformed YAML with its line and says the file was left untouched', () => {
    const error = errorOf(() => readActiveSet(fileWith(VALID_ENTRY.replace('{ period: 20 }', '{ period: 20'))));
    expect(error.message).toMatch(/strategies\.yml: malformed YAML at line \d+, column \d+/);
    expect(error.message).toContain('the file was left untouched');
  });

  it('reports a schema error with the key path and the line of the bad value', () => {
    const error = errorOf(() => readActiveSet(fileWith(VALID_ENTRY.replace('grade: B', 'grade: Z'))));
    expect(error.keyPath).toBe('strategies[0].grade');
    expect(error.message).toContain('line 6:');
    expect(error.message).toContain('"Z"');
  });

  it('points a missing key at the line of the entry that lacks it', () => {
    const error = errorOf(() => readActiveSet(fileWith(VALID_ENTRY.replace('    expires_at: 2025-03-12T12:00:00Z\n', ''))));
    expect(error.keyPath).toBe('strategies[0].expires_at');
    expect(error.message).toContain('line 2:');
  });
});

describe('readCandidates', () => {
  it('tells to run scalp backtest when the candidates file is absent', () => {
    const error = errorOf(() => readCandidates(join(tempDir(), 'strategies.yml.next')));
    expect(error.message).toContain('run `scalp backtest` first');
  });

  it('reads the candidates and run id of a backtest', () => {
    const text = `run_id: run-7\ncreated_at: 2025-03-10T11:00:00Z\n${VALID_ENTRY.replace(/\n {4}promoted_at.*\n.*\n$/, '\n')}`;
    const file = join(tempDir(), 'strategies.yml.next');
    writeFileSync(file, text);
    const candidates = readCandidates(file);
    expect(candidates.run_id).toBe('run-7');
    expect(candidates.strategies).toHaveLength(1);
  });
});

describe('writeActiveSet', () => {
  it('writes YAML with the managed-by header that reads back through the schema, and no backup the first time', async () => {
    const dir = tempDir();
    const file = join(dir, 'strategies.yml');
    const result = await writeActiveSet(file, entries, { riskMode: 'balanced', now });
    expect(result.backupFile).toBeUndefined();
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# managed by scalp promote; hand edits are kept if valid\n')).toBe(true);
    const parsed = StrategiesFileSchema.parse(parse(text));
    expect(parsed).toMatchObject({ risk_mode: 'balanced', updated_at: now.toISOString() });
    expect(readActiveSet(file)).toEqual(entries);
    expect(readdirSync(dir)).toEqual(['strategies.yml']);
  });

  it('backs up the previous file under a UTC timestamp before replacing it', async () => {
    const file = fileWith(VALID_ENTRY);
    const result = await writeActiveSet(file, entries, { riskMode: 'balanced', now: new Date('2025-03-10T12:34:56.789Z') });
    expect(basename(result.backupFile ?? '')).toBe('strategies.yml.bak-20250310T123456Z');
    expect(readFileSync(result.backupFile ?? '', 'utf8')).toBe(VALID_ENTRY);
    expect(readActiveSet(file)).toHaveLength(2);
  });

  it('keeps two backups made in the same second', async () => {
    const file = fileWith(VALID_ENTRY);
    const first = await writeActiveSet(file, entries, { riskMode: 'balanced', now });
    const second = await writeActiveSet(file, entries.slice(0, 1), { riskMode: 'balanced', now });
    expect(first.backupFile).not.toBe(second.backupFile);
    expect(existsSync(first.backupFile ?? '') && existsSync(second.backupFile ?? '')).toBe(true);
  });

  it('prunes backups to the newest 10', async () => {
    const file = fileWith(VALID_ENTRY);
    for (let hour = 0; hour < 13; hour++) {
      await writeActiveSet(file, entries, { riskMode: 'balanced', now: new Date(Date.UTC(2025, 2, 10, hour)) });
    }
    const backups = readdirSync(join(file, '..')).filter((name) => name.includes('.bak-')).sort();
    expect(backups).toHaveLength(10);
    expect(backups[0]).toBe('strategies.yml.bak-20250310T030000Z');
    expect(backups[9]).toBe('strategies.yml.bak-20250310T120000Z');
  });
});
