import { ExchangeBannedError, ExchangeRateLimitedError, ScalpError } from '../core/errors.js';

/** How often and how patiently to retry a request: runtime.retries and runtime.retry_base_ms. */
export interface RetryPolicy {
  /** Extra attempts after the first one (0 = try once). */
  readonly retries: number;
  /** Backoff base: attempt k (0-based) waits about baseMs * 2^k, with jitter. */
  readonly baseMs: number;
}

export interface RetryOptions extends RetryPolicy {
  /**
   * Longest single wait, whatever the backoff says. A server asking for longer (Retry-After of a ban) is not
   * waited for: the call fails with ExchangeBannedError saying until when. Default 60 s: Binance's request-weight
   * window is one minute, so a plain 429 always fits.
   */
  readonly maxDelayMs?: number;
  /** Called before each wait, for logs. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Random source for the jitter (default Math.random), so tests and simulations can be deterministic. */
  readonly random?: () => number;
}

/** README's defaults (runtime.retries 4, runtime.retry_base_ms 500), for callers given no policy. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 4, baseMs: 500 };

const DEFAULT_MAX_DELAY_MS = 60_000;

/** An error a retry can help with: a ScalpError marked retryable (network, timeout, 429, 418, 5xx, bad answers). */
export function isRetryable(error: unknown): boolean {
  return error instanceof ScalpError && error.retryable;
}

/** Server-requested wait (Retry-After) still to go, in ms, when the error carries one. */
function serverWaitMs(error: unknown): number | undefined {
  if (!(error instanceof ExchangeRateLimitedError) || error.retryAt === undefined) return undefined;
  return Math.max(0, error.retryAt - Date.now());
}

/**
 * Runs `fn`, retrying on retryable errors only, with exponential backoff and "equal jitter":
 * delay_k = b/2 + U(0, b/2) where b = min(maxDelayMs, baseMs * 2^k), and never less than the server's Retry-After.
 * A Retry-After beyond maxDelayMs fails at once with ExchangeBannedError (waiting less would extend a ban).
 * A fatal error, or the last retryable one, is thrown unchanged.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const serverWait = serverWaitMs(error);
      if (serverWait !== undefined && serverWait > maxDelayMs) throw new ExchangeBannedError(error as ExchangeRateLimitedError, maxDelayMs);
      if (attempt >= options.retries || !isRetryable(error)) throw error;
      const backoff = Math.min(maxDelayMs, options.baseMs * 2 ** attempt);
      const jittered = backoff / 2 + random() * (backoff / 2);
      const delayMs = Math.round(Math.max(jittered, serverWait ?? 0));
      options.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
