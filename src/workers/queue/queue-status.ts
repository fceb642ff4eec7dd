/**
 * The research queue as `scalp status` shows it: job counts by state and the workers connected now. An
 * unreachable Redis is part of the answer (status is where one looks when things are stuck), not an error.
 */
import { Queue } from 'bullmq';
import { describeError } from '../../core/index.js';
import { QUEUE_NAME } from './queue-names.js';
import { assertQueueReachable, bullConnection, displayQueueUrl } from './redis-connection.js';

export interface QueueWorkerSeen {
  /** host:pid of a `scalp worker` process. */
  readonly name: string;
  /** Its address as Redis sees it. */
  readonly address: string;
  /** Seconds its connection has been idle (a worker waiting for jobs blocks, so this stays small). */
  readonly idle_seconds: number;
}

export interface QueueStatus {
  readonly url: string;
  readonly reachable: boolean;
  /** Why it is unreachable. */
  readonly error?: string;
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  readonly completed: number;
  /** Runs whose candidates are not all finished (each run is one parent job). */
  readonly runs_waiting: number;
  readonly workers: readonly QueueWorkerSeen[];
}

const EMPTY = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0, runs_waiting: 0, workers: [] };

/** Counts and connected workers of the queue at `url`. */
export async function collectQueueStatus(url: string): Promise<QueueStatus> {
  const shown = displayQueueUrl(url);
  try {
    await assertQueueReachable(url);
  } catch (error) {
    return { url: shown, reachable: false, error: describeError((error as Error).cause ?? error), ...EMPTY };
  }
  const queue = new Queue(QUEUE_NAME, { connection: { ...bullConnection(url), maxRetriesPerRequest: 1 } });
  queue.on('error', () => undefined);
  try {
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed', 'waiting-children');
    const workers = (await queue.getWorkers()).map((client) => ({
      name: client.rawname?.split(':w:').at(-1) ?? client.name ?? '?', address: client.addr ?? '?', idle_seconds: Number(client.idle ?? 0),
    }));
    return {
      url: shown, reachable: true, waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0, completed: counts.completed ?? 0, runs_waiting: counts['waiting-children'] ?? 0, workers,
    };
  } finally {
    await queue.close().catch(() => undefined);
  }
}
