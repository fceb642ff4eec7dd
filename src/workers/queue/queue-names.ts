/**
 * Names in Redis: the BullMQ queue, its job names and deterministic job ids, and the keys of the series and modules
 * the coordinator puts there for the workers. A job id is a hash (no ':', never an integer), so two coordinators of
 * the same research, or one resubmitting it, meet the same jobs.
 */
import { hashValue } from '../../research/index.js';

export const QUEUE_NAME = 'scalp-research';

/** Job names: one candidate (pair, tf, strategy) researched, and the parent of a run's flow. */
export const CANDIDATE_JOB = 'candidate';
export const RUN_JOB = 'run';

/** Key of one series' columns (see series-store.ts). */
export const seriesKey = (dataHash: string): string => `scalp:series:${dataHash}`;

/** Key of one candidate's evidence, written by the worker that researched it (see evidence-store.ts). */
export const evidenceKey = (inputHash: string): string => `scalp:evidence:${inputHash}`;
/** Key of one compiled user strategy module (see module-store.ts). */
export const moduleKey = (hash: string): string => `scalp:module:${hash}`;

/** The job id of a candidate: its research input hash (data, pair, tf, strategy, grid, config, code version, seed). */
export const candidateJobId = (inputHash: string): string => `candidate-${inputHash}`;

/** The id of a run's parent job: a hash of its children, so the same research submitted twice is one flow. */
export const runJobId = (childIds: readonly string[]): string => `run-${hashValue([...childIds].sort())}`;
