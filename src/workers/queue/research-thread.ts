/**
 * A research thread of `scalp worker` (a piscina task module, compiled to dist/workers/queue/research-thread.js):
 * one candidate job at a time. It gets the job's series (from this thread's small cache, else from Redis,
 * hash-checked), loads its user strategy module, researches the candidate and hands back the evidence as lossless
 * JSON text: the worker's main thread stores it on the connection that completes the job (research-worker.ts).
 * Research errors are deterministic, so they come back as an unrecoverable failure (the job fails at once);
 * anything else (Redis hiccups) rejects, failing the attempt, and BullMQ retries it with backoff.
 */
import { threadId, workerData, type MessagePort } from 'node:worker_threads';
import type { Redis } from 'ioredis';
import { DataIntegrityError, describeError, type Candles } from '../../core/index.js';
import { IndicatorCache } from '../../indicators/index.js';
import { ensureStrategiesLoaded } from '../../strategies/index.js';
import { stringifyLossless } from './evidence-codec.js';
import { fetchModule } from './module-store.js';
import { openRedis } from './redis-connection.js';
import { researchOnThread } from './research-on-thread.js';
import type { CandidateJobData, CandidateJobResult } from './research-job.js';
import { fetchSeries } from './series-store.js';

/** What `scalp worker` hands its research threads (piscina's workerData). */
export interface ResearchThreadSettings {
  readonly queueUrl: string;
  /** host:pid of the worker process. */
  readonly workerName: string;
}

/** One candidate job for a research thread; `progress` receives the combo-window runs done so far. */
export interface ResearchThreadTask {
  readonly data: CandidateJobData;
  readonly progress: MessagePort;
}

/** The job's result without its evidence key (the main thread names where it stores the evidence). */
type ThreadResult = Omit<CandidateJobResult, 'evidenceKey'>;

export type ResearchThreadOutcome = { readonly evidenceText: string; readonly result: ThreadResult } | { readonly unrecoverable: string };

const settings = workerData as ResearchThreadSettings;
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

/** Researches one candidate job; see the file comment for how it fails. */
export default async function researchCandidateTask({ data, progress }: ResearchThreadTask): Promise<ResearchThreadOutcome> {
  const startedAt = Date.now();
  let series;
  try {
    series = await seriesFor(data.dataHash);
    if (data.module) await ensureStrategiesLoaded([await fetchModule(connection(), data.module)]);
  } catch (error) {
    // A damaged or vanished series, or a module that does not load, fails the same way on every attempt.
    if (error instanceof DataIntegrityError || (error as Error).name === 'ConfigError') return { unrecoverable: `${data.item}: ${describeError(error)}` };
    throw error;
  }
  const dataMs = Date.now() - startedAt;
  let runs = 0;
  let sentAt = Date.now();
  const onRuns = (count: number) => {
    runs += count;
    if (Date.now() - sentAt < PROGRESS_EVERY_MS) return;
    sentAt = Date.now();
    progress.postMessage(runs);
  };
  let evidence;
  try {
    evidence = await researchOnThread(series.candles, series.cache, data.input, onRuns);
  } catch (error) {
    return { unrecoverable: `${data.item}: ${describeError(error)}` };
  } finally {
    progress.close();
  }
  const researchMs = Date.now() - startedAt - dataMs;
  return { evidenceText: stringifyLossless(evidence), result: { worker: `${settings.workerName}#${threadId}`, startedAt, dataMs, researchMs, runs } };
}
