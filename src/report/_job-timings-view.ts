/**
 * The queue jobs of the run the results table shows (reports/job_timings.json of the same run id): which worker
 * thread researched each candidate, how long it waited in the queue and ran there. Absent for local runs.
 */
import type { JobTimingsFile } from '../config/job-timings-file.js';

export interface JobTimingRowView {
  readonly item: string;
  readonly worker: string;
  readonly wait: string;
  readonly run: string;
  /** Finished (or under way) before this run submitted it: an earlier run's or another coordinator's job. */
  readonly shared: boolean;
}

export interface JobTimingsView {
  readonly queue: string;
  /** "12 jobs on 3 workers · median run 4.2 s · 2 shared". */
  readonly summary: string;
  readonly rows: readonly JobTimingRowView[];
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The view of `file` when it belongs to run `runId` (the summary's); undefined otherwise. */
export function buildJobTimingsView(file: JobTimingsFile | undefined, runId: string | undefined): JobTimingsView | undefined {
  if (file === undefined || file.run_id !== runId || file.jobs.length === 0) return undefined;
  const workers = new Set(file.jobs.map((job) => job.worker.split('#')[0]));
  const shared = file.jobs.filter((job) => job.shared).length;
  const parts = [
    `${file.jobs.length} job${file.jobs.length === 1 ? '' : 's'} on ${workers.size} worker${workers.size === 1 ? '' : 's'}`,
    `median run ${seconds(median(file.jobs.map((job) => job.run_ms)))}`,
    ...(shared > 0 ? [`${shared} shared with an earlier run or another coordinator`] : []),
  ];
  return {
    queue: file.queue,
    summary: parts.join(' · '),
    rows: file.jobs.map((job) => ({ item: job.item, worker: job.worker, wait: seconds(job.wait_ms), run: seconds(job.run_ms), shared: job.shared })),
  };
}
