/**
 * The coordinator's bound on a Redis outage: it pings every half second on a client that fails at once while
 * disconnected, and once no ping has succeeded for `lostAfterMs`, `lost` rejects with a QueueUnavailableError
 * (exit 4) that says what happened to the run. Until then BullMQ's own connections keep reconnecting.
 */
import type { Redis } from 'ioredis';
import { QueueUnavailableError } from '../../core/index.js';
import { QUEUE_SETTING_VARIABLES } from './queue-settings.js';
import { displayQueueUrl } from './redis-connection.js';

const CHECK_EVERY_MS = 500;

export interface RedisWatchdog {
  /** Rejects once Redis has been unreachable for longer than the bound; never resolves. */
  readonly lost: Promise<never>;
  readonly healthy: () => boolean;
  stop(): void;
}

export function watchRedis(redis: Redis, url: string, lostAfterMs: number): RedisWatchdog {
  let lastAnswer = Date.now();
  let pinging = false;
  let failed = false;
  let fail: (error: QueueUnavailableError) => void = () => undefined;
  const lost = new Promise<never>((_, reject) => (fail = reject));
  lost.catch(() => undefined); // observed by whoever races it; never an unhandled rejection
  const giveUpIfTooLong = () => {
    if (failed || Date.now() - lastAnswer <= lostAfterMs) return;
    failed = true;
    clearInterval(timer);
    fail(
      new QueueUnavailableError(
        `lost the research queue's Redis at ${displayQueueUrl(url)} for more than ${(lostAfterMs / 1000).toFixed(1)} s ` +
          `(${QUEUE_SETTING_VARIABLES.lostAfterMs} sets how long to wait): the run stopped and wrote nothing; the jobs ` +
          'finished so far stay in the queue and the next run reuses them once Redis is back',
      ),
    );
  };
  const timer = setInterval(() => {
    if (pinging) return giveUpIfTooLong();
    pinging = true;
    redis
      .ping()
      .then(() => (lastAnswer = Date.now()))
      .catch(giveUpIfTooLong)
      .finally(() => (pinging = false));
  }, CHECK_EVERY_MS);
  timer.unref();
  return { lost, healthy: () => !failed, stop: () => clearInterval(timer) };
}
