/** How many wrong credentials one client may present before its logins are refused for a while. */
export interface FailedLoginLimit {
  /** Wrong credentials allowed within `windowMs`; the next attempt is answered 429. */
  readonly maxFailures: number;
  /** How long failures are remembered, and how long a client stays refused after its last one. */
  readonly windowMs: number;
}

/** 10 guesses a minute: a person mistyping never meets it; a script guessing a basic-auth password crawls. */
export const DEFAULT_FAILED_LOGIN_LIMIT: FailedLoginLimit = { maxFailures: 10, windowMs: 60_000 };

/** Clients remembered at most; beyond that the oldest are forgotten, so a flood of addresses cannot exhaust memory. */
const MAX_CLIENTS = 10_000;

interface ClientRecord {
  failures: number;
  lastFailureAt: number;
}

/**
 * Counts wrong credentials per client (see `clientKey`) and refuses a client's logins once it reached
 * `maxFailures` within `windowMs` of each other, until `windowMs` after its last failure. A refused attempt is
 * not checked at all, so the right secret does not get through either: the limiter is no guessing oracle.
 */
export class FailedLoginLimiter {
  private readonly clients = new Map<string, ClientRecord>();

  constructor(
    private readonly limit: FailedLoginLimit = DEFAULT_FAILED_LOGIN_LIMIT,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limit.maxFailures >= 1 && limit.windowMs > 0)) {
      throw new RangeError(`failed-login limit: maxFailures must be >= 1 and windowMs > 0, got ${JSON.stringify(limit)}`);
    }
  }

  /** Milliseconds until `client` may try again; 0 when it may try now. */
  retryAfterMs(client: string): number {
    const record = this.current(client);
    if (record === undefined || record.failures < this.limit.maxFailures) return 0;
    return record.lastFailureAt + this.limit.windowMs - this.now();
  }

  /** Returns true when this failure is the one that got the client refused (worth one log line). */
  recordFailure(client: string): boolean {
    const record = this.current(client) ?? { failures: 0, lastFailureAt: 0 };
    record.failures += 1;
    record.lastFailureAt = this.now();
    this.clients.delete(client); // re-inserted last: Map order is then oldest activity first
    this.clients.set(client, record);
    this.forgetOldest();
    return record.failures === this.limit.maxFailures;
  }

  /** A client that got in forgets its earlier typos. */
  recordSuccess(client: string): void {
    this.clients.delete(client);
  }

  /** The client's record, or undefined when it has none or its last failure is older than the window. */
  private current(client: string): ClientRecord | undefined {
    const record = this.clients.get(client);
    if (record !== undefined && this.now() - record.lastFailureAt >= this.limit.windowMs) {
      this.clients.delete(client);
      return undefined;
    }
    return record;
  }

  private forgetOldest(): void {
    for (const client of this.clients.keys()) {
      if (this.clients.size <= MAX_CLIENTS) return;
      this.clients.delete(client);
    }
  }
}
