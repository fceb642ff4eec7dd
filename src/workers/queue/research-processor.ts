/** The sandboxed processor of `scalp worker`: BullMQ loads this compiled file (dist/workers/queue/) in its worker threads. */
import type { SandboxedJob } from 'bullmq';
import { processQueueJob } from './_process-queue-job.js';

export default function researchProcessor(job: SandboxedJob): Promise<unknown> {
  return processQueueJob(job);
}
