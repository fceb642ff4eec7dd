import ccxt from 'ccxt';
import { ExchangeUnavailableError, ScalpError } from '../core/errors.js';

/** A request the exchange refused for a reason retrying cannot fix (unknown symbol, bad params, auth). Exit 4. */
export class ExchangeRequestError extends ScalpError {
  readonly code = 'SCALP_EXCHANGE_REQUEST';
  readonly exitCode = 4;
}

/** The exchange asked us to slow down (429/418); `retryAfterMs` is its Retry-After when it sent one. */
export class ExchangeRateLimitedError extends ExchangeUnavailableError {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Parses an HTTP Retry-After header (delta seconds or an HTTP date) into ms from now. */
export function parseRetryAfter(value: unknown, nowMs = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(String(value));
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

/**
 * Maps a ccxt error to scalp's tree: NetworkError and its children (RequestTimeout, DDoSProtection,
 * RateLimitExceeded, ExchangeNotAvailable, OnMaintenance) and bad/empty responses become retryable
 * ExchangeUnavailableError; anything else is a fatal ExchangeRequestError carrying ccxt's message.
 */
export function mapCcxtError(error: unknown, where: string, retryAfterHeader?: unknown): ScalpError {
  if (error instanceof ScalpError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ccxt.DDoSProtection) {
    return new ExchangeRateLimitedError(
      `${where}: rate limited by the exchange (${message}); scalp backs off and retries, lower the load if it persists`,
      parseRetryAfter(retryAfterHeader),
      { cause: error },
    );
  }
  if (error instanceof ccxt.NetworkError || error instanceof ccxt.BadResponse) {
    return new ExchangeUnavailableError(
      `${where}: exchange unreachable or failing (${message}); check the network or the exchange status, scalp retries`,
      { cause: error },
    );
  }
  if (error instanceof ccxt.BadSymbol) {
    return new ExchangeRequestError(`${where}: unknown symbol (${message}); refresh the watchlist or fix --pairs`, {
      cause: error,
    });
  }
  if (error instanceof ccxt.AuthenticationError) {
    return new ExchangeRequestError(`${where}: authentication failed (${message}); check the keys in runtime.exchange_options`, {
      cause: error,
    });
  }
  return new ExchangeRequestError(`${where}: ${message}`, { cause: error });
}
