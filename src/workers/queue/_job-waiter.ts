/**
 * Waiting for many queued jobs at once: QueueEvents say when a job made progress, completed or failed, and a slow
 * poll of every pending job catches what the (length-bounded) event stream may have dropped, jobs that finished
 * before we listened, and jobs that vanished (evicted) and must be added again. A completed job's evidence is read
 * from its side key (evidence-store.ts); a completed job whose evidence cannot be had runs again, once.
 */
import { Job, type Queue, type QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CandidateEvidence } from '../../research/index.js';
import { fetchEvidence, UnreadableEvidenceError } from './evidence-store.js';
import type { CandidateJobResult } from './research-job.js';

/** A candidate's evidence from the queue, with who ran it and how long it waited and ran. */
export interface QueuedResult {
  readonly jobId: string;
  readonly evidence: CandidateEvidence;
  readonly worker: string;
  /** From entering the queue to the start of the attempt that succeeded. */
  readonly waitMs: number;
  /** Getting the series and researching, on the worker. */
  readonly runMs: number;
  /** The job existed before this run submitted it (an earlier run's, or another coordinator's). */
  readonly shared: boolean;
}

interface Pending {
  onRuns: (runs: number) => void;
  runs: number;
  resolve: (result: QueuedResult) => void;
  reject: (error: Error) => void;
}

export class JobWaiter {
  readonly #pending = new Map<string, Pending>();
  /** Completed jobs this run already added again because their evidence could not be had (see #runAgain). */
  readonly #ranAgain = new Set<string>();
  readonly #timer: NodeJS.Timeout;
  #polling = false;

  constructor(
    private readonly queue: Queue,
    /** A plain client for the evidence keys. */
    private readonly data: Redis,
    events: QueueEvents,
    pollMs: number,
    /** When this run submitted a job (a job created before that is shared). */
    private readonly submittedAt: (jobId: string) => number,
    /** Adds a vanished job again; false when this run never submitted it. */
    private readonly readd: (jobId: string) => Promise<boolean>,
  ) {
    events.on('progress', ({ jobId, data }) => this.#progress(jobId, (data as { runs?: number } | undefined)?.runs));
    events.on('completed', ({ jobId }) => void this.#check(jobId));
    events.on('failed', ({ jobId }) => void this.#check(jobId));
    this.#timer = setInterval(() => void this.poll(), pollMs);
    this.#timer.unref();
  }

  /** Resolves with the job's evidence once it completed; rejects with its failure once it failed for good. */
  wait(jobId: string, onRuns: (runs: number) => void): Promise<QueuedResult> {
    return new Promise((resolve, reject) => {
      this.#pending.set(jobId, { onRuns, runs: 0, resolve, reject });
      void this.#check(jobId);
    });
  }

  /** Checks every pending job once. */
  async poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      await Promise.all([...this.#pending.keys()].map((jobId) => this.#check(jobId)));
    } finally {
      this.#polling = false;
    }
  }

  /** Rejects every pending job with `error` (the run is over). */
  failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #progress(jobId: string, runs: number | undefined): void {
    const pending = this.#pending.get(jobId);
    if (pending === undefined || runs === undefined || runs <= pending.runs) return; // a retried attempt starts over
    pending.onRuns(runs - pending.runs);
    pending.runs = runs;
  }

  async #check(jobId: string): Promise<void> {
    if (!this.#pending.has(jobId)) return;
    let job: Job | undefined;
    let state: string;
    let evidence: CandidateEvidence | undefined;
    try {
      // The state first: a job read before it finished would lack its result or failure.
      state = await this.queue.getJobState(jobId);
      if (state === 'unknown') return await this.#addAgain(jobId);
      if (state !== 'completed' && state !== 'failed') return;
      job = await Job.fromId(this.queue, jobId);
      if (job === undefined) return; // removed in between: the next check adds it again
      if (state === 'completed') {
        const value = job.returnvalue as Partial<CandidateJobResult> | null;
        const key = value?.evidenceKey;
        evidence = typeof key === 'string' ? await fetchEvidence(this.data, key) : undefined;
        if (evidence === undefined) {
          return await this.#runAgain(job, typeof key === 'string'
            ? `its evidence ${key} left Redis twice (run Redis with maxmemory-policy noeviction)`
            : `finished by worker ${value?.worker ?? '(unknown)'} of an older scalp build (its result has no evidence key); run the same scalp build on the coordinator and every worker`);
        }
      }
    } catch (error) {
      if (error instanceof UnreadableEvidenceError) this.#settle(jobId, (pending) => pending.reject(new Error(`its result could not be read: ${error.message}`)));
      return; // Redis trouble: the next poll tries again; the watchdog bounds how long (see _redis-watchdog.ts)
    }
    if (state === 'failed') return this.#settle(jobId, (pending) => pending.reject(new Error(job.failedReason || 'failed on its worker')));
    if (evidence !== undefined) this.#settle(jobId, (pending) => pending.resolve(this.#result(job, evidence, pending)));
  }

  /**
   * A completed job whose evidence cannot be had (its key expired or was flushed, or an older worker kept the
   * evidence in the result itself) is removed and added again, once per run; the second time its wait fails with
   * `why` instead of looping.
   */
  async #runAgain(job: Job, why: string): Promise<void> {
    const jobId = job.id as string;
    await job.remove({ removeChildren: false });
    if (!this.#ranAgain.has(jobId)) {
      this.#ranAgain.add(jobId);
      return this.#addAgain(jobId);
    }
    this.#settle(jobId, (pending) => pending.reject(new Error(why)));
  }

  /** A job that vanished is added again when this run submitted it, else its wait fails. */
  async #addAgain(jobId: string): Promise<void> {
    if (await this.readd(jobId)) return;
    this.#settle(jobId, (pending) => pending.reject(new Error(`job ${jobId} is not in the queue and this run did not submit it`)));
  }

  /** Takes `jobId` out of the pending jobs (once) and settles its promise. */
  #settle(jobId: string, settle: (pending: Pending) => void): void {
    const pending = this.#pending.get(jobId);
    if (pending === undefined) return;
    this.#pending.delete(jobId);
    settle(pending);
  }

  #result(job: Job, evidence: CandidateEvidence, pending: Pending): QueuedResult {
    const value = job.returnvalue as CandidateJobResult;
    pending.onRuns(Math.max(0, value.runs - pending.runs));
    return {
      jobId: job.id as string,
      evidence,
      worker: value.worker,
      // The thread's start, not BullMQ's: a worker takes one job ahead of its threads (research-worker.ts).
      waitMs: Math.max(0, value.startedAt - job.timestamp),
      runMs: value.dataMs + value.researchMs,
      shared: job.timestamp < this.submittedAt(job.id as string),
    };
  }
}
