import ccxt from 'ccxt';
import { ExchangeRateLimitedError, ExchangeUnavailableError, ScalpError } from '../core/errors.js';

export { ExchangeRateLimitedError } from '../core/errors.js';

/** A request the exchange refused for a reason retrying cannot fix (unknown symbol, bad params, auth). Exit 4. */
export class ExchangeRequestError extends ScalpError {
  readonly code = 'SCALP_EXCHANGE_REQUEST';
  readonly exitCode = 4;
}

/** What the HTTP answer behind a ccxt error said: its status and Retry-After header (ccxt's errors keep neither). */
export interface HttpAnswer {
  readonly status: number;
  readonly retryAfter?: string;
  /** When the answer arrived (epoch ms): Retry-After counts from here. */
  readonly receivedAt: number;
}

/** Parses an HTTP Retry-After header (delta seconds or an HTTP date) into ms from now. */
export function parseRetryAfter(value: unknown, nowMs = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(String(value));
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

/** Binance's 418 body says "IP banned until <epoch ms>": the end of the ban when no Retry-After came with it. */
function banEndFromMessage(message: string, nowMs: number): number | undefined {
  const until = /banned until (\d{13})/.exec(message)?.[1];
  return until === undefined ? undefined : Math.max(0, Number(until) - nowMs);
}

/** True for errors retrying cannot fix, whatever the status: a malformed request, an unknown symbol, bad keys. */
function isFatalRequest(error: unknown): boolean {
  return error instanceof ccxt.BadRequest || error instanceof ccxt.AuthenticationError;
}

function rateLimited(error: unknown, where: string, message: string, answer: HttpAnswer | undefined): ExchangeRateLimitedError {
  const receivedAt = answer?.receivedAt ?? Date.now();
  const waitMs = parseRetryAfter(answer?.retryAfter, receivedAt) ?? banEndFromMessage(message, receivedAt);
  const status = answer?.status ?? (error instanceof ccxt.DDoSProtection && /\b418\b/.test(message) ? 418 : 429);
  const what =
    status === 418
      ? `HTTP 418, the exchange banned this IP${waitMs === undefined ? '' : ` until ${new Date(receivedAt + waitMs).toISOString()}`}`
      : `HTTP ${status}, rate limited${waitMs === undefined ? '' : `: the exchange asks to wait ${Math.ceil(waitMs / 1000)} s`}`;
  return new ExchangeRateLimitedError(
    `${where}: ${what} (${message}); lower the load (fewer pairs or timeframes) if it keeps happening`,
    waitMs,
    { cause: error, status, receivedAt },
  );
}

/**
 * Maps a ccxt error to scalp's tree. Never retried: BadRequest (BadSymbol) and AuthenticationError, whatever the
 * HTTP status. Retryable: 418 and 429 (ExchangeRateLimitedError with the server's Retry-After), ccxt's whole
 * OperationFailed family (NetworkError, timeouts, ExchangeNotAvailable, BadResponse...; Binance's -1000, -1001,
 * -1006), and any error whose HTTP status is 5xx (Binance's 503 -1008 arrives as a plain ExchangeError).
 * Anything else is a fatal ExchangeRequestError carrying ccxt's message.
 */
export function mapCcxtError(error: unknown, where: string, answer?: HttpAnswer): ScalpError {
  if (error instanceof ScalpError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status = answer?.status;
  const http = status === undefined ? '' : `HTTP ${status}, `;
  if (error instanceof ccxt.BadSymbol) {
    return new ExchangeRequestError(`${where}: unknown symbol (${message}); refresh the watchlist or fix --pairs`, { cause: error });
  }
  if (error instanceof ccxt.AuthenticationError) {
    return new ExchangeRequestError(`${where}: authentication failed (${message}); check the keys in runtime.exchange_options`, {
      cause: error,
    });
  }
  if (isFatalRequest(error)) return new ExchangeRequestError(`${where}: ${http}${message}`, { cause: error });
  if (status === 418 || status === 429 || error instanceof ccxt.DDoSProtection || error instanceof ccxt.RateLimitExceeded) {
    return rateLimited(error, where, message, answer);
  }
  if (error instanceof ccxt.OperationFailed || (status !== undefined && status >= 500 && status <= 599)) {
    return new ExchangeUnavailableError(
      `${where}: exchange unreachable or failing (${http}${message}); check the network or the exchange status, scalp retries`,
      { cause: error },
    );
  }
  return new ExchangeRequestError(`${where}: ${http}${message}`, { cause: error });
}
