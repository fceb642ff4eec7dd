/**
 * The one error tree of scalp. Every error carries a stable `code`, the process exit code the CLI should use,
 * whether retrying can help, and a message that says where the problem is and how to fix it.
 */
export abstract class ScalpError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: number;
  readonly retryable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Invalid command-line usage (unknown flag value, bad list). Exit 2. */
export class UsageError extends ScalpError {
  readonly code = 'SCALP_USAGE';
  readonly exitCode = 2;
}

/** A config file that is missing, unparsable, or fails its schema. Names the file and the key path. Exit 2. */
export class ConfigError extends ScalpError {
  readonly code = 'SCALP_CONFIG';
  readonly exitCode = 2;

  constructor(
    readonly file: string,
    readonly keyPath: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}${keyPath ? `: ${keyPath}` : ''}: ${problem}`, options);
  }
}

/** A data file that exists but cannot be trusted (corrupt, unsorted, duplicated, non-finite). Exit 3. */
export class DataIntegrityError extends ScalpError {
  readonly code = 'SCALP_DATA_INTEGRITY';
  readonly exitCode = 3;

  constructor(
    readonly file: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
  }
}

/** The exchange could not be reached or kept failing after retries. Retryable. Exit 4. */
export class ExchangeUnavailableError extends ScalpError {
  readonly code = 'SCALP_EXCHANGE_UNAVAILABLE';
  readonly exitCode = 4;
  override readonly retryable = true;
}

/**
 * The exchange asked us to slow down (HTTP 429) or banned this IP for a while (HTTP 418). `retryAfterMs` is how
 * long it asked us to wait (its Retry-After), counted from `receivedAt`; retrying sooner extends a Binance ban.
 */
export class ExchangeRateLimitedError extends ExchangeUnavailableError {
  readonly status: number | undefined;
  readonly receivedAt: number;

  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown; status?: number; receivedAt?: number },
  ) {
    super(message, options);
    this.status = options?.status;
    this.receivedAt = options?.receivedAt ?? Date.now();
  }

  /** When the exchange will take requests again (epoch ms), if it said. */
  get retryAt(): number | undefined {
    return this.retryAfterMs === undefined ? undefined : this.receivedAt + this.retryAfterMs;
  }
}

/**
 * The exchange asked for a longer pause than scalp waits (an IP ban): not retried, and the message says when to
 * run again. Exit 4, like any unavailable exchange.
 */
export class ExchangeBannedError extends ScalpError {
  readonly code = 'SCALP_EXCHANGE_BANNED';
  readonly exitCode = 4;

  constructor(
    readonly limited: ExchangeRateLimitedError,
    readonly longestWaitMs: number,
  ) {
    const until = new Date(limited.retryAt ?? Date.now()).toISOString();
    super(`${limited.message}; that is longer than the ${Math.round(longestWaitMs / 1000)} s scalp waits: run it again after ${until}`, {
      cause: limited,
    });
  }
}

/**
 * The research queue's Redis could not be reached, or was lost mid-run for longer than scalp waits. Retryable.
 * Exit 4, like an unavailable exchange: the message names the URL (without its password) and what to do.
 */
export class QueueUnavailableError extends ScalpError {
  readonly code = 'SCALP_QUEUE_UNAVAILABLE';
  readonly exitCode = 4;
  override readonly retryable = true;
}

/** Another scalp process holds the lock. Exit 5. */
export class LockHeldError extends ScalpError {
  readonly code = 'SCALP_LOCK_HELD';
  readonly exitCode = 5;

  constructor(
    readonly lockFile: string,
    readonly holderPid: number,
  ) {
    super(
      `another scalp process (pid ${holderPid}) is running and holds ${lockFile}; ` +
        `wait for it to finish, or stop it (kill ${holderPid}) if it is stuck`,
    );
  }
}

/** Some items of a batch failed while others succeeded (one pair of a backfill, one job of a backtest). Exit 1. */
export class PartialFailureError extends ScalpError {
  readonly code = 'SCALP_PARTIAL_FAILURE';
  readonly exitCode = 1;

  constructor(
    message: string,
    readonly failures: readonly { item: string; error: string }[],
  ) {
    super(message);
  }
}

/**
 * The lookahead gate refused a strategy: its signals read the future or depend on how much history they were
 * given. The message names the strategy, the test, the first bar that differs and the output. Exit 7.
 */
export class LookaheadRefusedError extends ScalpError {
  readonly code = 'SCALP_LOOKAHEAD';
  readonly exitCode = 7;
}

/**
 * Turns anything thrown into a one-line human message: the message plus its cause's (the stack never). A system
 * error cause (ENOENT, EACCES ... with a syscall) is left out: our message already says which file and what to do.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    const isSystemError = cause instanceof Error && 'syscall' in cause;
    const addCause = cause instanceof Error && !isSystemError && !error.message.includes(cause.message);
    return addCause ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
