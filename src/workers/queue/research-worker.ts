/**
 * `scalp worker`: a BullMQ Worker on the research queue whose processor runs in sandboxed worker threads (the
 * compiled dist/workers/queue/research-processor.js), so a candidate that computes for minutes never stops the main thread
 * from renewing the job's lock. Each thread takes one whole candidate at a time; `concurrency` threads run at once.
 */
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, type Job } from 'bullmq';
import { describeError } from '../../core/index.js';
import type { ProcessorSettings } from './_process-queue-job.js';
import { QUEUE_NAME, RUN_JOB } from './queue-names.js';
import { DEFAULT_QUEUE_SETTINGS, type QueueSettings } from './queue-settings.js';
import { assertQueueReachable, bullConnection, displayQueueUrl, evictionWarning } from './redis-connection.js';
import type { CandidateJobData, CandidateJobResult } from './research-job.js';

export interface ResearchWorkerOptions {
  readonly url: string;
  /** Jobs (threads) at once; default 1. */
  readonly concurrency?: number;
  /** This build's code version: jobs submitted by other code are refused. */
  readonly codeVersion?: string;
  readonly settings?: QueueSettings;
  readonly log?: (line: string) => void;
}

export interface ResearchWorker {
  /** host:pid, the name BullMQ records on the jobs this worker processes. */
  readonly name: string;
  /** Stops taking jobs and waits for the running ones (`force`: abandons them; they are taken over once their lock expires). */
  close(force?: boolean): Promise<void>;
}

/** Path of the compiled processor (BullMQ imports it in a worker thread; vitest runs the sources, so dist/ there). */
export function researchProcessorFile(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../../dist/workers/queue/research-processor.js', here) : new URL('./research-processor.js', here);
  return fileURLToPath(url);
}

const itemOf = (job: Job | undefined): string => (job?.data as Partial<CandidateJobData> | undefined)?.item ?? `job ${job?.id}`;

/**
 * Logs what the worker does, and a Redis outage once (its end with the next job) rather than once per reconnect
 * attempt; `lost()` says whether Redis is gone right now.
 */
function logEvents(worker: Worker, url: string, log: (line: string) => void): { lost: () => boolean } {
  let lostSince: number | undefined;
  worker.on('active', (job) => {
    if (lostSince !== undefined) log(`the queue's Redis is back after ${((Date.now() - lostSince) / 1000).toFixed(0)} s`);
    lostSince = undefined;
    if (job.name !== RUN_JOB) log(`started ${itemOf(job)} (${job.id})`); // a run's parent job has nothing to research
  });
  worker.on('completed', (job, result: CandidateJobResult | undefined) => {
    if (result?.researchMs !== undefined) log(`done ${itemOf(job)} in ${((result.dataMs + result.researchMs) / 1000).toFixed(2)} s`);
  });
  worker.on('failed', (job, error) => log(`failed ${itemOf(job)}: ${describeError(error)}`));
  worker.on('stalled', (jobId) => log(`job ${jobId} stalled (its worker stopped renewing the lock): back in the queue`));
  worker.on('error', (error) => {
    if (lostSince !== undefined) return;
    lostSince = Date.now();
    log(`lost the queue's Redis at ${displayQueueUrl(url)} (${describeError(error)}); reconnecting every second until it is back`);
  });
  return { lost: () => lostSince !== undefined };
}

/**
 * Closes the worker: waits for the running jobs, unless Redis is gone (nothing could be reported then, and BullMQ's
 * close would wait for Redis forever): the jobs are abandoned and taken over elsewhere once their lock expires.
 */
async function closeWorker(worker: Worker, force: boolean, lost: boolean): Promise<void> {
  if (!force && !lost) return worker.close();
  await Promise.race([worker.close(true).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  await worker.disconnect().catch(() => undefined);
}

/** Checks that Redis answers (exit 4 naming the URL otherwise), then starts pulling research jobs. */
export async function startResearchWorker(options: ResearchWorkerOptions): Promise<ResearchWorker> {
  const log = options.log ?? (() => undefined);
  const settings = options.settings ?? DEFAULT_QUEUE_SETTINGS;
  const warning = evictionWarning(options.url, await assertQueueReachable(options.url));
  if (warning) log(`warning: ${warning}`);
  const name = `${hostname()}:${process.pid}`;
  const processor: ProcessorSettings = { queueUrl: options.url, workerName: name, codeVersion: options.codeVersion };
  const worker = new Worker(QUEUE_NAME, researchProcessorFile(), {
    connection: bullConnection(options.url),
    concurrency: options.concurrency ?? 1,
    useWorkerThreads: true,
    workerThreadsOptions: { workerData: processor },
    name,
    lockDuration: settings.lockMs,
    stalledInterval: settings.stalledIntervalMs,
    // A job whose worker died twice is still taken over once more before it counts as failed.
    maxStalledCount: 2,
  });
  const events = logEvents(worker, options.url, log);
  await worker.waitUntilReady();
  return { name, close: (force = false) => closeWorker(worker, force, events.lost()) };
}
