import { describe, expect, it } from 'vitest';
import { ConfigError, ExchangeUnavailableError } from '../../src/core/errors.js';
import { ExchangeRateLimitedError } from '../../src/data/ccxt-exchange.js';
import { withRetry } from '../../src/data/retry.js';

function failing(errors: unknown[]) {
  let calls = 0;
  const fn = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return 'ok';
  };
  return { fn, calls: () => calls };
}

describe('withRetry', () => {
  const unavailable = () => new ExchangeUnavailableError('down');

  it('retries retryable errors until the call succeeds', async () => {
    const attempts = failing([unavailable(), unavailable()]);
    const delays: number[] = [];
    await expect(withRetry(attempts.fn, { retries: 3, baseMs: 4, onRetry: ({ delayMs }) => delays.push(delayMs) })).resolves.toBe('ok');
    expect(attempts.calls()).toBe(3);
    expect(delays).toHaveLength(2);
  });

  it('gives up after `retries` extra attempts and throws the last error', async () => {
    const attempts = failing([unavailable(), unavailable(), unavailable(), unavailable()]);
    await expect(withRetry(attempts.fn, { retries: 2, baseMs: 1 })).rejects.toBeInstanceOf(ExchangeUnavailableError);
    expect(attempts.calls()).toBe(3);
  });

  it.each([
    { name: 'a fatal scalp error', error: new ConfigError('f', 'k', 'bad') },
    { name: 'a plain Error', error: new Error('bug') },
  ])('never retries $name', async ({ error }) => {
    const attempts = failing([error]);
    await expect(withRetry(attempts.fn, { retries: 5, baseMs: 1 })).rejects.toBe(error);
    expect(attempts.calls()).toBe(1);
  });

  it('backs off exponentially with jitter between half and the full step', async () => {
    const attempts = failing([unavailable(), unavailable(), unavailable()]);
    const delays: number[] = [];
    await withRetry(attempts.fn, { retries: 3, baseMs: 8, random: () => 0.5, onRetry: ({ delayMs }) => delays.push(delayMs) });
    expect(delays).toEqual([6, 12, 24]);
  });

  it('waits at least the Retry-After the exchange asked for, capped by maxDelayMs', async () => {
    const attempts = failing([new ExchangeRateLimitedError('429', 30), new ExchangeRateLimitedError('429', 60_000)]);
    const delays: number[] = [];
    await withRetry(attempts.fn, { retries: 2, baseMs: 1, maxDelayMs: 40, onRetry: ({ delayMs }) => delays.push(delayMs) });
    expect(delays).toEqual([30, 40]);
  });
});
