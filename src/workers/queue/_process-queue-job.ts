/**
 * What a sandboxed worker thread of `scalp worker` does with one job: check it, get its series (from this
 * thread's small cache, else from Redis, hash-checked), load its user strategy module, research the candidate,
 * store its evidence beside the job (evidence-store.ts) and return the key. Research errors are deterministic, so
 * they fail the job at once (UnrecoverableError); anything else (Redis hiccups) fails the attempt and BullMQ
 * retries it with backoff.
 */
import { threadId, workerData } from 'node:worker_threads';
import type { Redis } from 'ioredis';
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { DataIntegrityError, describeError, type Candles } from '../../core/index.js';
import { IndicatorCache } from '../../indicators/index.js';
import { ensureStrategiesLoaded } from '../../strategies/index.js';
import { putEvidence } from './evidence-store.js';
import { fetchModule } from './module-store.js';
import { RUN_JOB } from './queue-names.js';
import { openRedis } from './redis-connection.js';
import { researchOnThread } from './research-on-thread.js';
import { checkCandidateJobData, QUEUE_PROTOCOL, type CandidateJobData, type CandidateJobResult, type RunJobData } from './research-job.js';
import { fetchSeries } from './series-store.js';

/** What `scalp worker` hands its processor threads (BullMQ's workerThreadsOptions.workerData). */
export interface ProcessorSettings {
  readonly queueUrl: string;
  /** host:pid of the worker process. */
  readonly workerName: string;
  /** The worker's code version: a job submitted by other code is refused (its results would differ). */
  readonly codeVersion?: string;
}

const settings = workerData as ProcessorSettings;
const PROGRESS_EVERY_MS = 250;
/** Series (with their indicator caches) kept per thread, least recently used dropped first. */
const CACHED_SERIES = 4;
const seriesCache = new Map<string, { candles: Candles; cache: IndicatorCache }>();
let redis: Redis | undefined;

function connection(): Redis {
  if (redis === undefined) {
    redis = openRedis(settings.queueUrl);
    redis.on('error', () => undefined); // failures surface as rejected commands (the attempt fails and is retried)
  }
  return redis;
}

async function seriesFor(dataHash: string): Promise<{ candles: Candles; cache: IndicatorCache }> {
  let series = seriesCache.get(dataHash);
  if (series !== undefined) {
    seriesCache.delete(dataHash);
  } else {
    const candles = await fetchSeries(connection(), dataHash);
    series = { candles, cache: new IndicatorCache(candles) };
    if (seriesCache.size >= CACHED_SERIES) seriesCache.delete(seriesCache.keys().next().value as string);
  }
  seriesCache.set(dataHash, series);
  return series;
}

/** The code version without a user module's suffix (codeVersion+strategy.<hash>). */
const baseVersion = (version: string | undefined): string | undefined => version?.split('+strategy.')[0];

function refuseOtherCode(data: CandidateJobData): void {
  if (data.protocol !== QUEUE_PROTOCOL) {
    throw new UnrecoverableError(
      `${data.item}: submitted by a scalp coordinator of queue protocol ${data.protocol ?? 1}, this worker (${settings.workerName}) speaks ${QUEUE_PROTOCOL}; run the same scalp build on the coordinator and every worker`,
    );
  }
  const wanted = baseVersion(data.input.codeVersion);
  if (settings.codeVersion === undefined || wanted === undefined || wanted === settings.codeVersion) return;
  throw new UnrecoverableError(
    `${data.item}: submitted by scalp code ${wanted}, this worker (${settings.workerName}) runs ${settings.codeVersion}; run the same scalp build on the coordinator and every worker`,
  );
}

async function researchCandidateJob(job: SandboxedJob<CandidateJobData>, data: CandidateJobData): Promise<CandidateJobResult> {
  refuseOtherCode(data);
  const startedAt = Date.now();
  let series;
  try {
    series = await seriesFor(data.dataHash);
    if (data.module) await ensureStrategiesLoaded([await fetchModule(connection(), data.module)]);
  } catch (error) {
    // A damaged or vanished series, or a module that does not load, fails the same way on every attempt.
    if (error instanceof DataIntegrityError || (error as Error).name === 'ConfigError') throw new UnrecoverableError(`${data.item}: ${describeError(error)}`);
    throw error;
  }
  const dataMs = Date.now() - startedAt;
  let runs = 0;
  let sentAt = Date.now();
  const onRuns = (count: number) => {
    runs += count;
    if (Date.now() - sentAt < PROGRESS_EVERY_MS) return;
    sentAt = Date.now();
    void job.updateProgress({ runs });
  };
  let evidence;
  try {
    evidence = await researchOnThread(series.candles, series.cache, data.input, onRuns);
  } catch (error) {
    throw new UnrecoverableError(`${data.item}: ${describeError(error)}`);
  }
  const researchMs = Date.now() - startedAt - dataMs;
  return { evidenceKey: await putEvidence(connection(), data.inputHash, evidence), worker: `${settings.workerName}#${threadId}`, startedAt, dataMs, researchMs, runs };
}

/** Processes one job of the research queue (the parent of a run's flow has nothing to do: its children are the work). */
export async function processQueueJob(job: SandboxedJob): Promise<CandidateJobResult | RunJobData> {
  if (job.name === RUN_JOB) return job.data as RunJobData;
  const checked = checkCandidateJobData(job.data);
  if ('problem' in checked) throw new UnrecoverableError(`job ${job.id}: ${checked.problem}`);
  return researchCandidateJob(job as SandboxedJob<CandidateJobData>, checked.data);
}
