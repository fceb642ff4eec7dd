import type { AppConfig } from '../config/app-config.js';
import { queueUrlProblem } from '../config/runtime-config.js';
import { UsageError } from '../core/errors.js';

/** A --queue value: a redis:// URL, or a UsageError (exit 2) saying what is expected. */
export function parseQueueUrl(value: string, flag = '--queue'): string {
  const problem = queueUrlProblem(value);
  if (problem) throw new UsageError(`${flag}: ${problem}`);
  return value;
}

/** --queue URL, else runtime.queue; `--no-queue` (false) and no setting mean this machine's worker threads. */
export function queueOption(flag: unknown, config: AppConfig): string | false {
  if (flag === false) return false;
  if (typeof flag === 'string') return parseQueueUrl(flag);
  return config.runtime.queue ?? false;
}
