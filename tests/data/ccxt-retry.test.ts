import { describe, expect, it } from 'vitest';
import { ConfigError, ExchangeBannedError, ExchangeUnavailableError } from '../../src/core/errors.js';
import { ExchangeRateLimitedError } from '../../src/data/ccxt-exchange.js';
import { withRetry } from '../../src/data/retry.js';

/** A call that throws these errors in turn, then succeeds; a function in the list makes its error when thrown. */
function failing(errors: unknown[]) {
  let calls = 0;
  const fn = async () => {
    const next = errors[calls++];
    const error = typeof next === 'function' ? next() : next;
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

  it('waits at least the Retry-After the exchange asked for', async () => {
    // made when thrown, as a response is: Retry-After counts from when the answer came
    const attempts = failing([() => new ExchangeRateLimitedError('429', 30), () => new ExchangeRateLimitedError('429', 40)]);
    const delays: number[] = [];
    await withRetry(attempts.fn, { retries: 2, baseMs: 1, maxDelayMs: 40, onRetry: ({ delayMs }) => delays.push(delayMs) });
    // what is left of the wait when the error reaches withRetry: the asked-for time, less a few ms under load
    expect(delays[0]).toBeGreaterThanOrEqual(20);
    expect(delays[0]).toBeLessThanOrEqual(30);
    expect(delays[1]).toBeGreaterThanOrEqual(30);
    expect(delays[1]).toBeLessThanOrEqual(40);
  });

  it('fails at once, saying until when, when the exchange asks for a longer wait than maxDelayMs', async () => {
    const receivedAt = Date.now();
    const ban = new ExchangeRateLimitedError('binance fetchOHLCV BTC/USDT 1m: HTTP 418', 7_200_000, { status: 418, receivedAt });
    const attempts = failing([ban]);
    const error = await withRetry(attempts.fn, { retries: 4, baseMs: 1, maxDelayMs: 60_000 }).catch((caught: unknown) => caught);
    expect(attempts.calls()).toBe(1);
    expect(error).toBeInstanceOf(ExchangeBannedError);
    expect((error as ExchangeBannedError).exitCode).toBe(4);
    expect((error as ExchangeBannedError).retryable).toBe(false);
    expect((error as Error).message).toMatch(/^binance fetchOHLCV BTC\/USDT 1m: HTTP 418/);
    expect((error as Error).message).toContain(`longer than the 60 s scalp waits: run it again after ${new Date(receivedAt + 7_200_000).toISOString()}`);
  });
});
