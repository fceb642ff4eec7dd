/**
 * The queue side of a backtest run: the candidates the results DB does not hold go to the research queue as one
 * flow, and once the run's reports are written, reports/job_timings.json says which worker ran each and for how long.
 */
import { join } from 'node:path';
import type { JobTimingsFile } from '../config/job-timings-file.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { QueuedCandidate, ResearchQueue } from '../workers/queue/index.js';
import type { ValidatedEntry } from '../strategies/index.js';
import { jobInput, type JobContext, type JobOutcome, type LoadedSeries } from './_backtest-jobs.js';

/** Submits every (series, strategy) job without cached evidence; returns how many went to the queue. */
export async function submitQueuedJobs(queue: ResearchQueue, series: readonly LoadedSeries[], entries: readonly ValidatedEntry[], context: JobContext): Promise<number> {
  const candidates: QueuedCandidate[] = [];
  for (const loaded of series) {
    for (const entry of entries) {
      const { input, inputHash } = jobInput(loaded, entry, context);
      if (await context.db.hasCachedEvidence(inputHash)) continue; // runJob reads these from the cache itself
      candidates.push({
        item: `${loaded.pair} ${loaded.tf} ${entry.id}`, inputHash, input, dataHash: loaded.dataHash, candles: loaded.candles, source: entry.definition.source,
      });
    }
  }
  await queue.submit(context.runId, candidates);
  return candidates.length;
}

/** Writes reports/job_timings.json: the queued jobs of run `runId`, by item. */
export async function writeJobTimings(reportsDir: string, runId: string, queue: ResearchQueue, outcomes: readonly JobOutcome[]): Promise<void> {
  const jobs = outcomes
    .flatMap(({ item, queued }) => (queued ? [{ item, job_id: queued.jobId, worker: queued.worker, wait_ms: queued.waitMs, run_ms: queued.runMs, shared: queued.shared }] : []))
    .sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
  const file: JobTimingsFile = { run_id: runId, queue: queue.url, jobs };
  await writeFileAtomic(join(reportsDir, 'job_timings.json'), `${JSON.stringify(file, null, 1)}\n`);
}
