import { ScalpError } from '../core/errors.js';

export interface RetryOptions {
  /** Extra attempts after the first one (0 = try once). */
  readonly retries: number;
  /** Backoff base: attempt k (0-based) waits about baseMs * 2^k, with jitter. */
  readonly baseMs: number;
  /** Longest single wait, whatever the backoff or the server's Retry-After says. Default 30 s. */
  readonly maxDelayMs?: number;
  /** Called before each wait, for logs. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Random source for the jitter (default Math.random), so tests and simulations can be deterministic. */
  readonly random?: () => number;
}

/** An error a retry can help with: a ScalpError marked retryable (network, timeout, 429, 5xx). */
export function isRetryable(error: unknown): boolean {
  return error instanceof ScalpError && error.retryable;
}

/** Server-requested wait (Retry-After) carried by an error, in ms, when there is one. */
function retryAfterMs(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Runs `fn`, retrying on retryable errors only, with exponential backoff and "equal jitter":
 * delay_k = b/2 + U(0, b/2) where b = min(maxDelayMs, baseMs * 2^k), and never less than the server's Retry-After.
 * A fatal error, or the last retryable one, is thrown unchanged.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= options.retries || !isRetryable(error)) throw error;
      const backoff = Math.min(maxDelayMs, options.baseMs * 2 ** attempt);
      const jittered = backoff / 2 + random() * (backoff / 2);
      const delayMs = Math.round(Math.min(maxDelayMs, Math.max(jittered, retryAfterMs(error) ?? 0)));
      options.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
