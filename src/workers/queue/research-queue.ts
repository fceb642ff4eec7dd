/**
 * The coordinator's side of the research queue. A run submits ONE BullMQ flow: a parent job for the run and a
 * child per candidate not already in the results DB, each with a deterministic id, attempts with exponential
 * backoff and bounded retention. Series and user modules go to Redis once. Then the run awaits each candidate's
 * evidence (jobs another coordinator or an earlier run already finished are used as they are) while a watchdog
 * bounds how long a lost Redis is waited for. Grading and every file write stay with the caller.
 */
import { FlowProducer, Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobWaiter, type QueuedResult } from './_job-waiter.js';
import { watchRedis, type RedisWatchdog } from './_redis-watchdog.js';
import { candidateOptions, submitRunFlow, type QueuedCandidate } from './_run-flow.js';
import { candidateJobId, CANDIDATE_JOB, QUEUE_NAME } from './queue-names.js';
import { DEFAULT_QUEUE_SETTINGS, type QueueSettings } from './queue-settings.js';
import { assertQueueReachable, bullConnection, displayQueueUrl, evictionWarning, openRedis } from './redis-connection.js';
import type { CandidateJobData } from './research-job.js';

export type { QueuedResult } from './_job-waiter.js';
export type { QueuedCandidate } from './_run-flow.js';

export interface ResearchQueue {
  /** The URL as it may be printed (no password). */
  readonly url: string;
  /** Puts the series and modules in Redis and adds the run's flow (nothing when `candidates` is empty). */
  submit(runId: string, candidates: readonly QueuedCandidate[]): Promise<void>;
  /** The evidence of a submitted candidate; `onRuns` gets its combo-window runs as its worker reports them. */
  result(inputHash: string, onRuns: (runs: number) => void): Promise<QueuedResult>;
  /** Stops listening; removes the run's parent job when nothing will release it; closes the connections. */
  close(): Promise<void>;
}

export interface OpenResearchQueueOptions {
  readonly url: string;
  readonly settings?: QueueSettings;
  readonly log?: (line: string) => void;
}

/** Approximate length of the queue's event stream (each completion event carries the evidence, about 100 KB). */
const EVENTS_MAX_LEN = 200;
const EVENTS_BLOCK_MS = 1_000;

/** Resolves `work`, or rejects when the watchdog gives Redis up first. */
function bounded<T>(watchdog: RedisWatchdog, work: Promise<T>): Promise<T> {
  return Promise.race([work, watchdog.lost]);
}

/** Runs `close` for at most `ms`, then `forced` (which drops whatever is still open). */
async function closeWithin(ms: number, close: () => Promise<void>, forced: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([close().catch(() => undefined), timeout]);
  clearTimeout(timer);
  forced();
}

/** Checks that Redis answers (exit 4 naming the URL otherwise), then opens the queue for one run. */
export async function openResearchQueue(options: OpenResearchQueueOptions): Promise<ResearchQueue> {
  const { url } = options;
  const settings = options.settings ?? DEFAULT_QUEUE_SETTINGS;
  const log = options.log ?? (() => undefined);
  const warning = evictionWarning(url, await assertQueueReachable(url));
  if (warning) log(`warning: ${warning}`);
  const connection = bullConnection(url);
  const queue = new Queue(QUEUE_NAME, { connection, streams: { events: { maxLen: EVENTS_MAX_LEN } } });
  const flows = new FlowProducer({ connection });
  // Short blocking reads: a run that gives a lost Redis up exits within a second or two, not after BullMQ's 10 s read.
  const events = new QueueEvents(QUEUE_NAME, { connection, blockingTimeout: EVENTS_BLOCK_MS });
  const data: Redis = openRedis(url);
  const health: Redis = openRedis(url, { failFast: true });
  // The watchdog reports outages; an 'error' event nobody listens to would crash the process.
  for (const emitter of [queue, flows, events, data, health] as unknown as NodeJS.EventEmitter[]) emitter.on('error', () => undefined);
  const watchdog = watchRedis(health, url, settings.lostAfterMs);
  const submitted = new Map<string, { data: CandidateJobData; at: number }>();
  let runJob: string | undefined;
  const readd = async (jobId: string): Promise<boolean> => {
    const job = submitted.get(jobId);
    if (job) await queue.add(CANDIDATE_JOB, job.data, candidateOptions(jobId, settings));
    return job !== undefined;
  };
  const waiter = new JobWaiter(queue, data, events, settings.pollMs, (jobId) => submitted.get(jobId)?.at ?? Date.now(), readd);
  watchdog.lost.catch((error: Error) => waiter.failAll(error));
  await bounded(watchdog, Promise.all([queue.waitUntilReady(), events.waitUntilReady(), flows.waitUntilReady()]));

  async function submit(runId: string, candidates: readonly QueuedCandidate[]): Promise<void> {
    if (candidates.length === 0) return;
    const at = Date.now();
    const flow = await submitRunFlow({ queue, flows, data }, settings, runId, candidates);
    runJob = flow.parentId;
    for (const [jobId, jobData] of flow.jobs) submitted.set(jobId, { data: jobData, at });
    if ((await queue.getWorkersCount()) === 0) log(`no scalp worker is connected to ${displayQueueUrl(url)} yet: the run waits for one (start it with scalp worker --queue URL)`);
    void waiter.poll();
  }

  /** The run's parent stays waiting when its children belonged to another run's flow: nothing else would release it. */
  async function removeStrandedParent(): Promise<void> {
    if (runJob === undefined) return;
    const parent = await Job.fromId(queue, runJob);
    if (parent && (await parent.getState()) === 'waiting-children') await parent.remove({ removeChildren: false });
  }

  return {
    url: displayQueueUrl(url),
    submit: (runId, candidates) => bounded(watchdog, submit(runId, candidates)),
    result: (inputHash, onRuns) => bounded(watchdog, waiter.wait(candidateJobId(inputHash), onRuns)),
    async close() {
      waiter.stop();
      const healthy = watchdog.healthy();
      watchdog.stop();
      const closeAll = async () => {
        await removeStrandedParent().catch(() => undefined);
        await Promise.all([events.close(), queue.close(), flows.close()]);
      };
      await closeWithin(2_000, healthy ? closeAll : async () => undefined, () => {
        for (const client of [queue, flows, events]) void client.disconnect().catch(() => undefined);
        data.disconnect();
        health.disconnect();
      });
    },
  };
}
