import { z } from 'zod';

/** One candidate job of a queued run: which worker ran it, how long it waited in the queue and ran there. */
export const JobTimingSchema = z
  .object({
    item: z.string(),
    job_id: z.string(),
    /** host:pid#thread of the worker thread. */
    worker: z.string(),
    wait_ms: z.number().min(0),
    run_ms: z.number().min(0),
    /** The job was finished or under way before this run submitted it (an earlier run's, another coordinator's). */
    shared: z.boolean(),
  })
  .loose();

/**
 * reports/job_timings.json: written by a backtest that ran on the research queue (`--queue`, runtime.queue), after
 * its summary; the dashboard shows it under the results of the same run.
 */
export const JobTimingsFileSchema = z
  .object({
    run_id: z.string(),
    /** The queue's URL without its password. */
    queue: z.string(),
    jobs: z.array(JobTimingSchema),
  })
  .loose();

export type JobTiming = z.infer<typeof JobTimingSchema>;
export type JobTimingsFile = z.infer<typeof JobTimingsFileSchema>;
