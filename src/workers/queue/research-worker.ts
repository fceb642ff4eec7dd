/**
 * `scalp worker`: a BullMQ Worker on the research queue whose processor hands each candidate to a research thread
 * (a piscina pool of `concurrency` threads running the compiled dist/workers/queue/research-thread.js), so a
 * candidate that computes for minutes never stops the main thread from renewing the job's lock. The main thread
 * checks the job, sends the thread's evidence on the connection that then completes the job (one round trip for
 * both, in order: evidence-store.ts) and forwards the thread's progress to the job.
 */
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Piscina } from 'piscina';
import { describeError } from '../../core/index.js';
import { sendEvidence } from './evidence-store.js';
import { QUEUE_NAME, RUN_JOB } from './queue-names.js';
import { DEFAULT_QUEUE_SETTINGS, type QueueSettings } from './queue-settings.js';
import { assertQueueReachable, bullConnection, displayQueueUrl, evictionWarning } from './redis-connection.js';
import { checkCandidateJobData, refuseOtherBuild, type CandidateJobData, type CandidateJobResult, type RunJobData, type WorkerIdentity } from './research-job.js';
import type { ResearchThreadOutcome, ResearchThreadSettings, ResearchThreadTask } from './research-thread.js';

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
  /** Stops taking jobs and finishes the ones it holds (`force`: abandons them; they are taken over once their lock expires). */
  close(force?: boolean): Promise<void>;
}

/** Path of the compiled research thread (vitest runs the sources, so dist/ there). */
function researchThreadFile(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../../dist/workers/queue/research-thread.js', here) : new URL('./research-thread.js', here);
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

/**
 * Researches `data` on a thread of `pool`, forwarding the thread's progress to `job`. A thread that throws (Redis
 * trouble) or dies fails this attempt only: BullMQ retries the job, and the pool replaces a dead thread.
 */
async function researchOnPool(pool: Piscina<ResearchThreadTask, ResearchThreadOutcome>, job: Job, data: CandidateJobData): Promise<ResearchThreadOutcome> {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (runs: number) => void job.updateProgress({ runs }).catch(() => undefined));
  try {
    return await pool.run({ data, progress: port2 }, { transferList: [port2] });
  } catch (error) {
    throw new Error(`${data.item}: its research thread failed (${describeError(error)})`);
  } finally {
    port1.close();
  }
}

type ResearchJobResult = CandidateJobResult | RunJobData;

/** Checks that Redis answers (exit 4 naming the URL otherwise), then starts pulling research jobs. */
export async function startResearchWorker(options: ResearchWorkerOptions): Promise<ResearchWorker> {
  const log = options.log ?? (() => undefined);
  const settings = options.settings ?? DEFAULT_QUEUE_SETTINGS;
  const warning = evictionWarning(options.url, await assertQueueReachable(options.url));
  if (warning) log(`warning: ${warning}`);
  const identity: WorkerIdentity = { name: `${hostname()}:${process.pid}`, codeVersion: options.codeVersion };
  const threads = options.concurrency ?? 1;
  const threadSettings: ResearchThreadSettings = { queueUrl: options.url, workerName: identity.name };
  const pool = new Piscina<ResearchThreadTask, ResearchThreadOutcome>({ filename: researchThreadFile(), minThreads: threads, maxThreads: threads, idleTimeout: Number.POSITIVE_INFINITY, workerData: threadSettings });
  const processCandidate = async (job: Job): Promise<ResearchJobResult> => {
    if (job.name === RUN_JOB) return job.data as RunJobData; // a run's parent job: its children are the work
    const checked = checkCandidateJobData(job.data);
    if ('problem' in checked) throw new UnrecoverableError(`job ${job.id}: ${checked.problem}`);
    const data = checked.data;
    refuseOtherBuild(data, identity);
    const outcome = await researchOnPool(pool, job, data);
    if ('unrecoverable' in outcome) throw new UnrecoverableError(outcome.unrecoverable);
    // Read by BullMQ when it completes this job: whether it fetches a job to hold ahead (see holdAheadBelowMs).
    worker.concurrency = outcome.result.dataMs + outcome.result.researchMs < settings.holdAheadBelowMs ? threads + 1 : threads;
    // Sent before this function returns, so on the connection BullMQ completes the job with, ahead of it.
    const evidenceKey = sendEvidence(await worker.backend.client, data.inputHash, outcome.evidenceText, (error) =>
      log(`could not store the evidence of ${data.item} (${describeError(error)}): the coordinator will run it again`));
    return { evidenceKey, ...outcome.result };
  };
  const worker: Worker<unknown, ResearchJobResult> = new Worker(QUEUE_NAME, processCandidate, {
    connection: bullConnection(options.url),
    // Raised to threads + 1 while candidates are short (see processCandidate): the job held ahead waits in the
    // pool's queue, so a thread that finishes starts it at once while the main thread completes the last one.
    concurrency: threads,
    name: identity.name,
    lockDuration: settings.lockMs,
    stalledInterval: settings.stalledIntervalMs,
    // A job whose worker died twice is still taken over once more before it counts as failed.
    maxStalledCount: 2,
  });
  const events = logEvents(worker, options.url, log);
  await worker.waitUntilReady();
  return {
    name: identity.name,
    close: async (force = false) => {
      await closeWorker(worker, force, events.lost());
      await pool.destroy();
    },
  };
}
