/**
 * A run's submission: its series and user modules put in Redis once, failed leftovers of earlier runs cleared, and
 * ONE BullMQ flow added: a parent job for the run and one child per candidate, each child with its deterministic
 * id, attempts with exponential backoff, bounded retention, and a failure that does not hold the parent.
 */
import { Job, type FlowProducer, type JobsOptions, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Candles } from '../../core/index.js';
import type { ResearchCandidateInput } from '../../research/index.js';
import type { StrategySource } from '../../strategies/index.js';
import { putModule } from './module-store.js';
import { candidateJobId, CANDIDATE_JOB, QUEUE_NAME, RUN_JOB, runJobId } from './queue-names.js';
import { FINISHED_JOB_RETENTION, type QueueSettings } from './queue-settings.js';
import { QUEUE_PROTOCOL, type CandidateJobData, type RunJobData } from './research-job.js';
import { putSeries } from './series-store.js';

/** One candidate for the queue: its research input and cache key, its series and (user strategies) its module. */
export interface QueuedCandidate {
  readonly item: string;
  readonly inputHash: string;
  readonly input: ResearchCandidateInput;
  readonly dataHash: string;
  readonly candles: Candles;
  readonly source?: StrategySource;
}

export interface RunFlowClients {
  readonly queue: Queue;
  readonly flows: FlowProducer;
  /** A plain client for the series and module keys. */
  readonly data: Redis;
}


export function candidateOptions(jobId: string, settings: QueueSettings): JobsOptions {
  return {
    jobId, attempts: settings.attempts, backoff: { type: 'exponential', delay: settings.backoffMs },
    removeOnComplete: FINISHED_JOB_RETENTION, removeOnFail: FINISHED_JOB_RETENTION, ignoreDependencyOnFailure: true,
  };
}

/** Puts each distinct series and module once; returns the module reference of each user strategy by source hash. */
async function putInputs(data: Redis, candidates: readonly QueuedCandidate[], ttlSeconds: number): Promise<Map<string, CandidateJobData['module']>> {
  const series = new Map(candidates.map((candidate) => [candidate.dataHash, candidate.candles]));
  for (const [dataHash, candles] of series) await putSeries(data, dataHash, candles, ttlSeconds);
  const modules = new Map<string, CandidateJobData['module']>();
  for (const { source } of candidates) if (source && !modules.has(source.hash)) modules.set(source.hash, await putModule(data, source, ttlSeconds));
  return modules;
}

/** A job that failed for good gets a fresh start (the same id would otherwise keep its failure). */
async function clearFailed(queue: Queue, jobIds: readonly string[]): Promise<void> {
  for (let start = 0; start < jobIds.length; start += 100) {
    await Promise.all(
      jobIds.slice(start, start + 100).map(async (jobId) => {
        const job = await Job.fromId(queue, jobId);
        if (job && (await job.getState()) === 'failed') await job.remove({ removeChildren: false });
      }),
    );
  }
}

/** Submits the run; returns its parent job's id and each child's data by job id (to add one again if it vanishes). */
export async function submitRunFlow(clients: RunFlowClients, settings: QueueSettings, runId: string, candidates: readonly QueuedCandidate[]): Promise<{
  parentId: string;
  jobs: Map<string, CandidateJobData>;
}> {
  const modules = await putInputs(clients.data, candidates, settings.dataTtlSeconds);
  const jobs = new Map<string, CandidateJobData>();
  for (const candidate of candidates) {
    const module = candidate.source ? modules.get(candidate.source.hash) : undefined;
    jobs.set(candidateJobId(candidate.inputHash), {
      protocol: QUEUE_PROTOCOL, item: candidate.item, inputHash: candidate.inputHash, dataHash: candidate.dataHash, input: candidate.input,
      ...(module ? { module } : {}),
    });
  }
  await clearFailed(clients.queue, [...jobs.keys()]);
  const parentId = runJobId([...jobs.keys()]);
  const parent: RunJobData = { runId, candidates: jobs.size };
  await clients.flows.add({
    name: RUN_JOB, queueName: QUEUE_NAME, data: parent, opts: { jobId: parentId, removeOnComplete: FINISHED_JOB_RETENTION, removeOnFail: FINISHED_JOB_RETENTION },
    children: [...jobs].map(([jobId, data]) => ({ name: CANDIDATE_JOB, queueName: QUEUE_NAME, data, opts: candidateOptions(jobId, settings) })),
  });
  return { parentId, jobs };
}
