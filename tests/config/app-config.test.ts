import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/config/app-config.js';
import { ConfigError } from '../../src/core/errors.js';

function configWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scalp-config-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  return file;
}

function errorOf(file: string): ConfigError {
  try {
    loadAppConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadAppConfig', () => {
  it('loads the shipped config with the simulated exchange and resolves paths against the config folder', () => {
    const config = loadAppConfig('config/config.yaml');
    expect(config.runtime.exchange).toBe('sim');
    expect(config.paths.dataDir).toBe(join(process.cwd(), 'data'));
    expect(config.paths.strategiesFile).toBe(join(process.cwd(), 'config', 'strategies.yml'));
  });

  it('fills every default when the file only has an empty runtime block', () => {
    const config = loadAppConfig(configWith('runtime: {}\n'));
    expect(config.runtime.tf_list).toEqual(['1m', '5m', '15m']);
    expect(config.runtime.exec_enabled).toBe(false);
  });

  it.each([
    ['malformed YAML', 'runtime:\n  topN: [1, 2\n', '', /malformed YAML at line/],
    ['a negative topN', 'runtime:\n  topN: -3\n', 'runtime.topN', /found number -3/],
    ['an unknown timeframe', 'runtime:\n  tf_list: [1m, 2m]\n', 'runtime.tf_list[1]', /found "2m"/],
    ['a string where a number belongs', 'runtime:\n  html_port: "eighty"\n', 'runtime.html_port', /expected number/],
    ['a misspelt key', 'runtime:\n  topn: 5\n', 'runtime', /unknown key topn/],
  ])('names the file and key path for %s', (_name, text, keyPath, problem) => {
    const file = configWith(text);
    const error = errorOf(file);
    expect(error.file).toBe(file);
    expect(error.keyPath).toBe(keyPath);
    expect(error.message).toMatch(problem);
    expect(error.exitCode).toBe(2);
  });

  it.each(['', '# only a comment\n', '{}\n'])('marks a file with no settings (%j) as running on defaults', (text) => {
    const config = loadAppConfig(configWith(text));
    expect(config.usingDefaults).toBe(true);
    expect(config.runtime.exchange).toBe('sim');
  });

  it('does not mark a file with settings as running on defaults', () => {
    expect(loadAppConfig(configWith('runtime: {}\n')).usingDefaults).toBe(false);
  });

  it('listens on 127.0.0.1 unless runtime.html_host says otherwise', () => {
    expect(loadAppConfig(configWith('runtime: {}\n')).runtime.html_host).toBe('127.0.0.1');
    expect(loadAppConfig(configWith('runtime:\n  html_host: 0.0.0.0\n')).runtime.html_host).toBe('0.0.0.0');
  });

  it("refuses a loop_seconds beyond Node's timer range (2^31-1 ms), which would make the loop spin", () => {
    expect(loadAppConfig(configWith('runtime:\n  loop_seconds: 2147483\n')).runtime.loop_seconds).toBe(2_147_483);
    const error = errorOf(configWith('runtime:\n  loop_seconds: 2147484\n'));
    expect(error.keyPath).toBe('runtime.loop_seconds');
    expect(error.message).toMatch(/at most 2147483 .*found number 2147484/);
  });

  it('refuses runtime.workers above 4 x cores, naming the cap', () => {
    const cap = 4 * availableParallelism();
    expect(loadAppConfig(configWith(`runtime:\n  workers: ${cap}\n`)).runtime.workers).toBe(cap);
    const error = errorOf(configWith(`runtime:\n  workers: ${cap + 1}\n`));
    expect(error.keyPath).toBe('runtime.workers');
    expect(error.message).toContain(`${cap + 1} is above the cap of ${cap} (4 x ${availableParallelism()} cores)`);
  });

  it('says the file is missing and how to point at another one', () => {
    expect(errorOf('/nonexistent/config.yaml').message).toMatch(/file not found.*--config/);
  });
});
