/**
 * Connections to the queue's Redis: the options BullMQ gets (workers wait for Redis forever, as BullMQ requires
 * with `maxRetriesPerRequest: null`), plain clients for the data keys, and the reachability check every command
 * runs first, so an unreachable Redis is one message naming the URL (exit 4) instead of a hang.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { QueueUnavailableError, describeError } from '../../core/errors.js';

/** How long a first connection may take before Redis counts as unreachable. */
const CONNECT_TIMEOUT_MS = 3_000;
/** How long a closing socket may linger (ioredis waits 2 s by default, even for a socket that never connected). */
const DISCONNECT_TIMEOUT_MS = 200;

/** The URL as it may be printed: a password is replaced by ***. */
export function displayQueueUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString().replace(/\/$/, '');
}

/** Reconnect every second at most (ioredis' default backs off further); the callers bound how long they wait. */
const reconnectEverySecond = (times: number): number => Math.min(100 * times, 1_000);

/** Connection options for BullMQ's Queue, Worker, FlowProducer and QueueEvents. */
export function bullConnection(url: string): { url: string; maxRetriesPerRequest: null; retryStrategy: (times: number) => number; connectTimeout: number; disconnectTimeout: number } {
  return { url, maxRetriesPerRequest: null, retryStrategy: reconnectEverySecond, connectTimeout: CONNECT_TIMEOUT_MS, disconnectTimeout: DISCONNECT_TIMEOUT_MS };
}

/**
 * A plain client for the data keys and health checks. `failFast`: commands fail at once while disconnected
 * (no offline queue), so a caller can measure how long Redis has been gone.
 */
export function openRedis(url: string, options: { failFast?: boolean } & RedisOptions = {}): Redis {
  const { failFast, ...rest } = options;
  return new Redis(url, {
    connectTimeout: CONNECT_TIMEOUT_MS,
    disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    retryStrategy: reconnectEverySecond,
    ...(failFast ? { enableOfflineQueue: false, maxRetriesPerRequest: 0 } : { maxRetriesPerRequest: 3 }),
    ...rest,
  });
}

/** What the reachability check learnt: Redis' eviction policy (BullMQ needs noeviction), when it may be read. */
export interface QueueServerInfo {
  readonly evictionPolicy?: string;
}

/** The message of an unreachable queue, naming the URL and the fix. */
export function unreachableMessage(url: string, cause: unknown): string {
  return (
    `cannot reach the research queue's Redis at ${displayQueueUrl(url)} (${describeError(cause)}): start it ` +
    "(redis-server --maxmemory-policy noeviction) or fix --queue / runtime.queue"
  );
}

/** Connects once and pings; throws QueueUnavailableError (exit 4) naming the URL when Redis does not answer. */
export async function assertQueueReachable(url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<QueueServerInfo> {
  const client = new Redis(url, {
    lazyConnect: true, connectTimeout: timeoutMs, disconnectTimeout: DISCONNECT_TIMEOUT_MS, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND...) says more than the rejected connect ("Connection is closed").
  let socketError: unknown;
  client.on('error', (error: unknown) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    if (client.status !== 'end') client.disconnect();
    const cause = socketError ?? error;
    throw new QueueUnavailableError(unreachableMessage(url, cause), { cause });
  }
  let evictionPolicy: string | undefined;
  try {
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
    evictionPolicy = reply[1];
  } catch {
    // Managed Redis often refuses CONFIG: the policy is then unknown, not wrong.
  }
  await client.quit().catch(() => client.disconnect());
  return evictionPolicy === undefined ? {} : { evictionPolicy };
}

/** A warning when Redis may evict keys (BullMQ's jobs and scalp's series would silently vanish), else undefined. */
export function evictionWarning(url: string, info: QueueServerInfo): string | undefined {
  if (info.evictionPolicy === undefined || info.evictionPolicy === 'noeviction') return undefined;
  return `the Redis at ${displayQueueUrl(url)} runs with maxmemory-policy ${info.evictionPolicy}: it may drop queued jobs and series under memory pressure; restart it with --maxmemory-policy noeviction`;
}
