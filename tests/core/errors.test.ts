import { describe, expect, it } from 'vitest';
import { ConfigError, ExchangeUnavailableError, describeError } from '../../src/core/errors.js';

describe('describeError', () => {
  it('keeps a useful cause (what the exchange said) on the same line', () => {
    const error = new ExchangeUnavailableError('binance fetchOHLCV BTC/USDT 5m failed after 4 retries', { cause: new Error('RequestTimeout after 10000 ms') });
    expect(describeError(error)).toBe('binance fetchOHLCV BTC/USDT 5m failed after 4 retries (RequestTimeout after 10000 ms)');
  });

  it('leaves out a system-error cause that only repeats the file problem', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x.yaml'"), { code: 'ENOENT', syscall: 'open' });
    const error = new ConfigError('x.yaml', '', 'file not found (create it, or pass --config with the right path)', { cause: enoent });
    expect(describeError(error)).toBe('x.yaml: file not found (create it, or pass --config with the right path)');
  });

  it('does not repeat a cause already in the message, and describes non-errors', () => {
    expect(describeError(new Error('timeout: 5 s', { cause: new Error('timeout') }))).toBe('timeout: 5 s');
    expect(describeError('plain text')).toBe('plain text');
  });
});
