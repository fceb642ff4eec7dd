/**
 * A candidate's evidence beside its job, not in it: the worker writes it under `scalp:evidence:<input hash>` and
 * the job's return value only names the key. BullMQ copies a return value into the job, the completed event and
 * the parent's list of child results, and every coordinator listening reads it from the event stream: with ~100 KB
 * of evidence per job that copying was about 3 of the ~10 ms the queue cost per job. The text is lossless JSON
 * (evidence-codec.ts), readable by any Node version a worker machine runs.
 */
import type { RedisClient } from 'bullmq';
import type { Redis } from 'ioredis';
import { describeError } from '../../core/index.js';
import type { CandidateEvidence } from '../../research/index.js';
import { parseLossless } from './evidence-codec.js';
import { evidenceKey } from './queue-names.js';
import { EVIDENCE_TTL_SECONDS } from './queue-settings.js';

/**
 * Sends the evidence text of the candidate `inputHash` (expiring after its job would) and returns its key at once.
 * Redis runs one connection's commands in the order they were sent, so a job completed on `redis` after this call
 * is completed after its evidence is stored, without waiting a round trip for it; a write that fails goes to
 * `onFailure` (the coordinator then finds no evidence and runs the job again).
 */
export function sendEvidence(redis: Pick<RedisClient, 'set'>, inputHash: string, evidenceText: string, onFailure: (error: unknown) => void): string {
  const key = evidenceKey(inputHash);
  redis.set(key, evidenceText, { EX: EVIDENCE_TTL_SECONDS }).catch(onFailure);
  return key;
}

/** Evidence text that does not parse: the job's result is unusable (retrying the read would not help). */
export class UnreadableEvidenceError extends Error {
  override name = 'UnreadableEvidenceError';
}

/** The evidence under `key`, or undefined when it is gone (expired, evicted or flushed: the job must run again). */
export async function fetchEvidence(redis: Redis, key: string): Promise<CandidateEvidence | undefined> {
  const text = await redis.get(key);
  if (text === null) return undefined;
  try {
    return parseLossless(text) as CandidateEvidence;
  } catch (error) {
    throw new UnreadableEvidenceError(`${key} does not parse (${describeError(error)})`);
  }
}
