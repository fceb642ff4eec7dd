import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('says the file is missing and how to point at another one', () => {
    expect(errorOf('/nonexistent/config.yaml').message).toMatch(/file not found.*--config/);
  });
});
