import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppConfig, type AppConfig } from '../../src/config/app-config.js';
import { ConfigError } from '../../src/core/index.js';
import { loadStrategyLibrary } from '../../src/loop/strategy-library.js';
import { listStrategyLibrary } from '../../src/loop/strategy-listing.js';
import { STRATEGY_IDS } from '../../src/strategies/index.js';
import { BROKEN_MJS, CLEAN_MJS, CLEAN_TS, PEEK_MJS, strategiesFolder } from '../helpers/user-strategies.js';

const bollinger = { family: 'mono' as const, sides: ['long' as const, 'short' as const], enabled: true, defaults: {}, grid: { period: [20, 30] }, notes: '' };

function workspace(files: Record<string, string>): AppConfig {
  const dir = mkdtempSync(join(tmpdir(), 'scalp-library-'));
  strategiesFolder(files, join(dir, 'strategies'));
  writeFileSync(join(dir, 'config.yaml'), 'runtime:\n  data_dir: data\n  strategies_dir: strategies\n  tf_list: [1h]\n');
  writeFileSync(join(dir, 'entries_config.json'), '{ "strategies": {} }');
  return loadAppConfig(join(dir, 'config.yaml'));
}

describe('loadStrategyLibrary', () => {
  it('adds every user strategy with its own grid, and an entry overrides its grid or disables it', async () => {
    const config = workspace({ 'cross.mjs': CLEAN_MJS, 'revert.ts': CLEAN_TS });
    const library = await loadStrategyLibrary(config, {
      entries: { strategies: { bollinger_mr: bollinger, ts_revert: { enabled: true, defaults: { entry: 2 }, grid: { period: [25] }, notes: '' }, my_cross: { enabled: false, defaults: {}, notes: '' } } },
    });
    expect(library.failures).toEqual([]);
    expect(library.entries.map((e) => [e.id, e.entry.enabled, e.entry.grid, e.moduleHash !== undefined])).toEqual([
      ['bollinger_mr', true, { period: [20, 30] }, false],
      ['ts_revert', true, { period: [25] }, true],
      ['my_cross', false, { fast: [5, 10], slow: [30, 60] }, true],
    ]);
    expect(library.entries[1].defaults).toEqual({ period: 30, entry: 2 });
  });

  it('stops with a ConfigError naming entries_config.json and the key when an override does not fit the module', async () => {
    const config = workspace({ 'cross.mjs': CLEAN_MJS });
    const entries = { strategies: { my_cross: { enabled: true, defaults: {}, grid: { fast: [5, 'x'] }, notes: '' } } };
    const error = await loadStrategyLibrary(config, { entries }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/entries_config.json: strategies.my_cross.grid.fast\[1\]: .*number/);
  });

  it('leaves out a broken module and a refused one with one failure each; the built-ins and clean modules stay', async () => {
    const config = workspace({ 'broken.mjs': BROKEN_MJS, 'cross.mjs': CLEAN_MJS, 'peek.mjs': PEEK_MJS });
    const logged: string[] = [];
    const library = await loadStrategyLibrary(config, {
      entries: { strategies: { bollinger_mr: bollinger, gone: { enabled: true, defaults: {}, notes: '' } } },
      gate: { targets: [{ pair: 'BTC/USDT', tf: '1h' }] },
      log: (line) => logged.push(line),
    });
    expect(library.entries.map((e) => e.id)).toEqual(['bollinger_mr', 'my_cross']);
    expect(library.failures.map((f) => f.item)).toEqual([join(config.paths.strategiesDir, 'broken.mjs'), 'gone', 'peek_next']);
    expect(library.failures[0].error).toMatch(/broken.mjs: throws when imported/);
    expect(library.failures[1].error).toMatch(/strategies.gone: unknown strategy id; .*its module may be one of those that failed to load/);
    expect(library.failures[2].error).toMatch(/^strategy peek_next refused by the lookahead gate: it reads the future \(prefix test on synthetic 1h/);
    expect(logged.some((line) => /lookahead gate: my_cross passed \(\d+ plans on synthetic 1h in \d+ ms\)/.test(line))).toBe(true);
  });

  it('caches each verdict by module hash: a second run reads it, an edited module is checked again', async () => {
    const config = workspace({ 'cross.mjs': CLEAN_MJS });
    const gate = { targets: [{ pair: 'BTC/USDT', tf: '1h' as const }] };
    const first = await loadStrategyLibrary(config, { gate });
    const second = await loadStrategyLibrary(config, { gate });
    expect([first.verdicts.get('my_cross')?.cached, second.verdicts.get('my_cross')?.cached]).toEqual([false, true]);
    writeFileSync(join(config.paths.strategiesDir, 'cross.mjs'), `// edited\n${CLEAN_MJS}`);
    const edited = await loadStrategyLibrary(config, { gate });
    expect(edited.verdicts.get('my_cross')?.cached).toBe(false);
    expect(readdirSync(join(config.paths.dataDir, 'cache', 'lookahead'))).toHaveLength(2);
  });

  it('without user modules it is the entries of the file, and writes nothing', async () => {
    const config = workspace({});
    const library = await loadStrategyLibrary(config, { entries: { strategies: { bollinger_mr: bollinger } }, gate: { targets: [] } });
    expect(library.entries.map((e) => e.id)).toEqual(['bollinger_mr']);
    expect(existsSync(config.paths.dataDir)).toBe(false);
    await expect(loadStrategyLibrary(config, { entries: { strategies: { gone: bollinger } } })).rejects.toThrow(/strategies.gone: unknown strategy id/);
  });
});

describe('listStrategyLibrary', () => {
  it('lists built-ins, user strategies with their gate status, and broken modules', async () => {
    const config = workspace({ 'broken.mjs': BROKEN_MJS, 'cross.mjs': CLEAN_MJS, 'peek.mjs': PEEK_MJS });
    writeFileSync(config.paths.entriesConfig, JSON.stringify({ strategies: { bollinger_mr: bollinger } }));
    await loadStrategyLibrary(config, { gate: { targets: [] } });
    const listed = await listStrategyLibrary(config);
    const byId = Object.fromEntries(listed.map((row) => [row.id, row]));
    expect(byId.bollinger_mr).toMatchObject({ source: 'built-in', gate: 'built-in', combos: 2, enabled: true });
    expect(byId.momentum).toMatchObject({ enabled: false, note: expect.stringMatching(/not in .*entries_config.json/) });
    expect(byId.my_cross).toMatchObject({ gate: 'passed', combos: 4, family: 'mono', sides: ['long'], source: join(config.paths.strategiesDir, 'cross.mjs') });
    expect(byId.peek_next).toMatchObject({ gate: 'refused', note: expect.stringMatching(/reads the future/) });
    expect(byId.broken).toMatchObject({ gate: 'broken', note: expect.stringMatching(/throws when imported/) });
    expect(listed).toHaveLength(STRATEGY_IDS.length + 3);
  });
});
