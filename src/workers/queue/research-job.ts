/**
 * What travels through the queue: a candidate job's data (its research input, where its series and module are in
 * Redis) and its return value (where its evidence is, who ran it and how long it took). Both are small JSON; a job
 * whose data does not match the schema, or that another scalp build submitted, fails at once, unretried (BullMQ's
 * UnrecoverableError).
 */
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { FeesSchema } from '../../config/runtime-config.js';
import { TIMEFRAMES } from '../../core/index.js';
import type { ResearchCandidateInput } from '../../research/index.js';
import type { ModuleReference } from './module-store.js';

/**
 * The version of what coordinator and workers exchange through a job (its data and return value): 2 since the
 * evidence moved beside the job (evidence-store.ts). A worker refuses a job of another version.
 */
export const QUEUE_PROTOCOL = 2;

export interface CandidateJobData {
  /** QUEUE_PROTOCOL of the coordinator that submitted the job (absent before version 2). */
  readonly protocol: number;
  /** "BTC/USDT 5m vwap_rsi", for logs. */
  readonly item: string;
  readonly inputHash: string;
  /** Key of the series in Redis (series-store.ts) and the hash its columns must have. */
  readonly dataHash: string;
  readonly input: ResearchCandidateInput;
  /** A user strategy's compiled module (module-store.ts); absent for built-ins. */
  readonly module?: ModuleReference;
}

export interface CandidateJobResult {
  /** Redis key of the CandidateEvidence (evidence-store.ts). */
  readonly evidenceKey: string;
  /** host:pid#thread of the worker thread that ran it. */
  readonly worker: string;
  /** Epoch ms the research thread started the job; time spent getting the series (0 when cached) and researching. */
  readonly startedAt: number;
  readonly dataMs: number;
  readonly researchMs: number;
  /** Combo-window runs done (the unit of the coordinator's progress bar). */
  readonly runs: number;
}

export interface RunJobData {
  readonly runId: string;
  readonly candidates: number;
}

const hash = z.string().regex(/^[0-9a-f]{16,64}$/);
const value = z.union([z.number(), z.string(), z.boolean()]);

const InputSchema = z.object({
  pair: z.string().min(1),
  tf: z.enum(TIMEFRAMES),
  strategyId: z.string().min(1),
  grid: z.record(z.string(), z.array(z.union([z.number(), z.string()]))),
  defaults: z.record(z.string(), value).optional(),
  // The sections research reads; the whole config was checked where it was loaded (a full parse per job costs ~1 ms).
  config: z.object({ seed: z.number(), walk_forward: z.object({}).loose(), search: z.object({}).loose(), overfitting: z.object({ partitions: z.number() }).loose() }).loose(),
  fees: FeesSchema.partial(),
  seed: z.number().optional(),
  codeVersion: z.string().optional(),
});

const CandidateJobDataSchema = z.object({
  protocol: z.number().optional(),
  item: z.string(),
  inputHash: hash,
  dataHash: hash,
  input: InputSchema,
  module: z.object({ file: z.string(), hash }).optional(),
});

/** The job data when it is a well-formed candidate job, else what is wrong with it (one line). */
export function checkCandidateJobData(data: unknown): { data: CandidateJobData } | { problem: string } {
  const parsed = CandidateJobDataSchema.safeParse(data);
  if (parsed.success) return { data: data as CandidateJobData }; // the original object: parsing may add defaults
  const issue = parsed.error.issues[0];
  return { problem: `malformed candidate job: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
}

/** A worker as a job it refuses names it. */
export interface WorkerIdentity {
  /** host:pid */
  readonly name: string;
  /** The worker's code version (absent: it refuses nothing). */
  readonly codeVersion?: string;
}

/** The code version without a user module's suffix (codeVersion+strategy.<hash>). */
const baseVersion = (version: string | undefined): string | undefined => version?.split('+strategy.')[0];

/**
 * Refuses (UnrecoverableError, naming both sides) a job of another queue protocol or submitted by another scalp
 * build: its result would go unread, or differ from what the coordinator's own code computes.
 */
export function refuseOtherBuild(data: CandidateJobData, worker: WorkerIdentity): void {
  if (data.protocol !== QUEUE_PROTOCOL) {
    throw new UnrecoverableError(
      `${data.item}: submitted by a scalp coordinator of queue protocol ${data.protocol ?? 1}, this worker (${worker.name}) speaks ${QUEUE_PROTOCOL}; run the same scalp build on the coordinator and every worker`,
    );
  }
  const wanted = baseVersion(data.input.codeVersion);
  if (worker.codeVersion === undefined || wanted === undefined || wanted === worker.codeVersion) return;
  throw new UnrecoverableError(
    `${data.item}: submitted by scalp code ${wanted}, this worker (${worker.name}) runs ${worker.codeVersion}; run the same scalp build on the coordinator and every worker`,
  );
}
