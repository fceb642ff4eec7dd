import { availableParallelism } from 'node:os';
import { UsageError } from '../../core/errors.js';
import { codeVersion } from '../../loop/code-version.js';
import { displayQueueUrl, queueSettingsFrom, startResearchWorker } from '../../workers/queue/index.js';
import { loadContext } from '../load-context.js';
import { logLine } from '../log-line.js';
import { parseWorkers } from '../parse-number.js';
import { parseQueueUrl } from '../parse-queue.js';
import { stopSignalFromProcess, untilStopped } from '../stop-signal.js';

/** --queue, else runtime.queue of --config (a worker machine needs no config file when --queue is given). */
function queueUrl(options: Record<string, unknown>): string {
  if (typeof options.queue === 'string') return parseQueueUrl(options.queue);
  const queue = loadContext(options).runtime.queue;
  if (queue === undefined) throw new UsageError('no research queue: pass --queue redis://host:port[/db] or set runtime.queue in the config');
  return queue;
}

/** `scalp worker`: research jobs from the queue until SIGINT/SIGTERM, then finish the running ones and exit 0. */
export default async function worker(options: Record<string, unknown>): Promise<number> {
  const url = queueUrl(options);
  const concurrency = typeof options.concurrency === 'string' ? parseWorkers(options.concurrency, '--concurrency') : availableParallelism();
  const stop = stopSignalFromProcess(logLine);
  const running = await startResearchWorker({ url, concurrency, codeVersion: codeVersion(), settings: queueSettingsFrom(process.env), log: logLine });
  logLine(`scalp worker ${running.name} on ${displayQueueUrl(url)}: ${concurrency} candidate(s) at once; Ctrl-C stops after the jobs it holds`);
  await untilStopped(stop);
  await running.close();
  logLine('scalp worker stopped');
  return 0;
}
