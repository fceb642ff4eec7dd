import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../../src/config/app-config.js';
import { queueUrlProblem } from '../../../src/config/runtime-config.js';
import { ConfigError, UsageError } from '../../../src/core/errors.js';
import { parseQueueUrl } from '../../../src/cli/parse-queue.js';
import { displayQueueUrl } from '../../../src/workers/queue/index.js';

describe('queue URLs', () => {
  it.each(['redis://127.0.0.1:6379', 'redis://localhost', 'redis://redis.lan:6380/2', 'rediss://user:secret@cache.example:6380/0'])('accepts %s', (url) => {
    expect(queueUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ['http://127.0.0.1:6379', /scheme http/],
    ['127.0.0.1:6379', /expected redis:\/\/host:port\[\/db\]/],
    ['redis://127.0.0.1:6379/queue', /database "queue" is not a number/],
    ['redis://127.0.0.1:6379?db=1', /no query/],
    ['redis://', /no host|expected redis/],
  ])('refuses %s, saying what is expected', (url, problem) => {
    expect(queueUrlProblem(url)).toMatch(problem);
  });

  it('names runtime.queue of the config file when the setting is not a URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalp-queue-url-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'runtime:\n  queue: "localhost:6379"\n');
    expect(() => loadAppConfig(file)).toThrow(ConfigError);
    expect(() => loadAppConfig(file)).toThrow(/runtime\.queue.*redis:\/\/host:port/);
  });

  it('turns a bad --queue flag into a usage error (exit 2) naming the flag', () => {
    expect(() => parseQueueUrl('tcp://x')).toThrow(UsageError);
    expect(() => parseQueueUrl('tcp://x')).toThrow(/^--queue: /);
  });

  it('never prints a password', () => {
    expect(displayQueueUrl('redis://scalp:hunter2@10.0.0.5:6379/1')).toBe('redis://scalp:***@10.0.0.5:6379/1');
    expect(displayQueueUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
