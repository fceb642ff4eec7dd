/**
 * The tunables of the research queue, with defaults for real clusters and environment overrides so tests (and
 * impatient users) can shorten them. Every value is in milliseconds unless its name says otherwise.
 */

export interface QueueSettings {
  /** How long a worker's lock on a job lasts; a worker that dies loses its job this long after its last renewal. */
  readonly lockMs: number;
  /** How often workers look for jobs whose lock expired (stalled jobs) and put them back in the queue. */
  readonly stalledIntervalMs: number;
  /** How long the coordinator keeps waiting for a lost Redis before it gives the run up. */
  readonly lostAfterMs: number;
  /** Attempts per job (a crashed thread or a Redis hiccup; research errors are never retried). */
  readonly attempts: number;
  /** First retry delay; each further one doubles. */
  readonly backoffMs: number;
  /** How long a series (and a user strategy module) stays in Redis after the last run that needed it. */
  readonly dataTtlSeconds: number;
  /** How often the coordinator checks its pending jobs besides the event stream (events can be trimmed). */
  readonly pollMs: number;
  /**
   * A worker takes one job more than it has threads while its candidates take less than this (the Redis round trips
   * between two jobs are then a visible share of each); longer ones are taken one per free thread, so no job waits
   * behind another on a busy worker while a worker elsewhere is idle.
   */
  readonly holdAheadBelowMs: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  lockMs: 30_000,
  stalledIntervalMs: 30_000,
  lostAfterMs: 60_000,
  attempts: 3,
  backoffMs: 2_000,
  dataTtlSeconds: 24 * 3600,
  pollMs: 2_000,
  holdAheadBelowMs: 1_000,
};

/** Finished jobs kept for reuse by a resubmitted run or another coordinator: a day, and at most this many. */
export const FINISHED_JOB_RETENTION = { age: 24 * 3600, count: 20_000 } as const;
/** A finished job's evidence outlives the job by an hour, so a job still listed always has its evidence. */
export const EVIDENCE_TTL_SECONDS = FINISHED_JOB_RETENTION.age + 3600;

/** Environment variables that override a setting (documented in README "More than one machine"). */
export const QUEUE_SETTING_VARIABLES = {
  lockMs: 'SCALP_QUEUE_LOCK_MS',
  stalledIntervalMs: 'SCALP_QUEUE_STALLED_MS',
  lostAfterMs: 'SCALP_QUEUE_LOST_MS',
} as const satisfies Partial<Record<keyof QueueSettings, string>>;

/** The defaults with the overrides `environment` sets (a value that is not a positive number is ignored). */
export function queueSettingsFrom(environment: NodeJS.ProcessEnv): QueueSettings {
  const settings: Record<string, number> = { ...DEFAULT_QUEUE_SETTINGS };
  for (const [key, variable] of Object.entries(QUEUE_SETTING_VARIABLES)) {
    const value = Number(environment[variable]);
    if (environment[variable] !== undefined && Number.isFinite(value) && value > 0) settings[key] = value;
  }
  return settings as unknown as QueueSettings;
}
