import { Queue, QueueEvents, Worker } from 'bullmq';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultBacktestConfig } from '../../../src/config/backtest-config.js';
import { QueueUnavailableError } from '../../../src/core/errors.js';
import { candlesHash, hashValue, researchCandidate, type ResearchCandidateInput } from '../../../src/research/index.js';
import { DEFAULT_QUEUE_SETTINGS, openResearchQueue, startResearchWorker, type QueuedCandidate, type ResearchQueue, type ResearchWorker } from '../../../src/workers/queue/index.js';
import { stringifyLossless } from '../../../src/workers/queue/evidence-codec.js';
import { candidateJobId, evidenceKey, QUEUE_NAME } from '../../../src/workers/queue/queue-names.js';
import { freePort, startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import { meanRevertingCandles } from '../../research/_synthetic-candles.js';

// The worker's research threads load the compiled dist/workers/queue/research-thread.js (tests/global-setup.ts builds it).
const settings = { ...DEFAULT_QUEUE_SETTINGS, lockMs: 2_000, stalledIntervalMs: 1_000, lostAfterMs: 5_000, pollMs: 300, backoffMs: 100 };
const candles = meanRevertingCandles(3000, 7);
const config = defaultBacktestConfig();

const BUILD = 'test-build';

function candidate(strategyId: string, grid: ResearchCandidateInput['grid'], codeVersion = BUILD): QueuedCandidate {
  const input: ResearchCandidateInput = { pair: 'SYN/USDT', tf: '5m', strategyId, grid, config, fees: { taker: 0.0005, maker: 0.0002, slippage: 0.0002 }, codeVersion };
  return { item: `SYN/USDT 5m ${strategyId}`, inputHash: hashValue({ input, salt: 'research-queue.test' }), input, dataHash: candlesHash(candles), candles };
}

/**
 * For the enclosing describe: its own redis-server and a `scalp worker` of `threads` threads on it, both stopped
 * after its tests with every queue `open()` opened. `server()` and `worker()` are there once its tests run.
 */
function redisWithWorker(threads: number, workerSettings = settings) {
  let server: RedisServer | undefined;
  let worker: ResearchWorker | undefined;
  const opened: ResearchQueue[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
    worker = await startResearchWorker({ url: server.url, concurrency: threads, settings: workerSettings, codeVersion: BUILD });
  });
  afterAll(async () => {
    for (const queue of opened) await queue.close();
    await worker?.close(true);
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('redisWithWorker: used before its beforeAll ran');
    return value;
  };
  return {
    server: () => started(server),
    worker: () => started(worker),
    open: async () => {
      const queue = await openResearchQueue({ url: started(server).url, settings });
      opened.push(queue);
      return queue;
    },
  };
}

describe('the research queue (a coordinator and a worker on a real Redis)', () => {
  const { server, worker, open } = redisWithWorker(2);

  it('returns the evidence a local research of the same input gives, bit for bit, with its worker and timings', async () => {
    const job = candidate('bollinger_mr', { period: [10, 20, 30], mult: [2, 2.5] });
    const queue = await open();
    await queue.submit('run-1', [job]);
    let runs = 0;
    const result = await queue.result(job.inputHash, (count) => (runs += count));
    expect(stringifyLossless(result.evidence)).toBe(stringifyLossless(await researchCandidate(candles, job.input)));
    expect(result.jobId).toBe(candidateJobId(job.inputHash));
    expect(result.worker.startsWith(`${worker().name}#`)).toBe(true);
    expect(result.shared).toBe(false);
    expect(result.runMs).toBeGreaterThan(0);
    expect(runs).toBeGreaterThanOrEqual(6); // every combo on every window, reported by the worker
  });

  it('hands a second coordinator the finished job instead of running it again', async () => {
    const job = candidate('bollinger_mr', { period: [10, 20, 30], mult: [2, 2.5] });
    const bull = new Queue(QUEUE_NAME, { connection: { url: server().url } });
    const before = await bull.getJob(candidateJobId(job.inputHash));
    const queue = await open();
    await queue.submit('run-2', [job]);
    const result = await queue.result(job.inputHash, () => undefined);
    const after = await bull.getJob(candidateJobId(job.inputHash));
    await bull.close();
    expect(result.shared).toBe(true);
    expect(after?.processedOn).toBe(before?.processedOn);
    expect(after?.attemptsMade).toBe(1);
  });

  it('keeps the evidence beside the job, not in it, and runs a finished job again when its evidence is gone', async () => {
    const job = candidate('bollinger_mr', { period: [10, 20], mult: [2] });
    const first = await open();
    await first.submit('run-5', [job]);
    const original = await first.result(job.inputHash, () => undefined);
    const bull = new Queue(QUEUE_NAME, { connection: { url: server().url } });
    const done = await bull.getJob(candidateJobId(job.inputHash));
    expect(JSON.stringify(done?.returnvalue).length).toBeLessThan(400);
    const redis = new Redis(server().url);
    const key = evidenceKey(job.inputHash);
    expect(await redis.ttl(key)).toBeGreaterThan(24 * 3600);
    await redis.del(key);
    redis.disconnect();
    const second = await open();
    await second.submit('run-6', [job]);
    const again = await second.result(job.inputHash, () => undefined);
    const rerun = await bull.getJob(candidateJobId(job.inputHash));
    await bull.close();
    expect(stringifyLossless(again.evidence)).toBe(stringifyLossless(original.evidence));
    expect(again.shared).toBe(false);
    expect(rerun?.processedOn).toBeGreaterThan(done?.processedOn ?? Infinity);
  });

  it('fails a candidate whose research throws at once, without retrying it', async () => {
    const job = candidate('no_such_strategy', { period: [10] });
    const queue = await open();
    await queue.submit('run-3', [job]);
    await expect(queue.result(job.inputHash, () => undefined)).rejects.toThrow(/SYN\/USDT 5m no_such_strategy: .*unknown strategy "no_such_strategy"/);
    const bull = new Queue(QUEUE_NAME, { connection: { url: server().url } });
    const failed = await bull.getJob(candidateJobId(job.inputHash));
    await bull.close();
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.opts.attempts).toBe(settings.attempts);
  });

  it('refuses a candidate submitted by another scalp build (its results would differ), naming both builds', async () => {
    const job = candidate('bollinger_mr', { period: [10] }, 'other-build+strategy.abc');
    const queue = await open();
    await queue.submit('run-4', [job]);
    await expect(queue.result(job.inputHash, () => undefined)).rejects.toThrow(/submitted by scalp code other-build, this worker .* runs test-build; run the same scalp build/);
  });

  it('rejects waiting for a candidate this run never submitted instead of waiting forever', async () => {
    const queue = await open();
    await expect(queue.result('0'.repeat(32), () => undefined)).rejects.toThrow(/not in the queue and this run did not submit it/);
  });

  /** Adds a job the way another coordinator would, and waits until it failed (or 10 s passed). */
  async function failedJob(data: object, jobId: string) {
    const bull = new Queue(QUEUE_NAME, { connection: { url: server().url } });
    const job = await bull.add('candidate', data, { jobId, attempts: 3 });
    let state = await job.getState();
    for (let i = 0; i < 200 && state !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await job.getState();
    }
    const failed = await bull.getJob(jobId);
    await bull.close();
    expect(state).toBe('failed');
    expect(failed?.attemptsMade).toBe(1);
    return failed;
  }

  it('fails a job with malformed data at once (UnrecoverableError), naming the field', async () => {
    const failed = await failedJob({ item: 'broken', inputHash: 'not-a-hash' }, 'candidate-malformed');
    expect(failed?.failedReason).toMatch(/malformed candidate job: inputHash/);
  });

  it('refuses a job from a coordinator of an older queue protocol (its result would go unread), naming both', async () => {
    const job = candidate('bollinger_mr', { period: [10] });
    const { protocol: _protocol, ...older } = { protocol: 2, item: job.item, inputHash: job.inputHash, dataHash: job.dataHash, input: job.input };
    const failed = await failedJob(older, 'candidate-older-coordinator');
    expect(failed?.failedReason).toMatch(/submitted by a scalp coordinator of queue protocol 1, this worker .* speaks 2; run the same scalp build/);
  });

  it('refuses to open a queue whose Redis does not answer, naming the URL (exit 4)', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const error = await openResearchQueue({ url, settings }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect((error as QueueUnavailableError).exitCode).toBe(4);
    expect((error as Error).message).toContain(`cannot reach the research queue's Redis at ${url}`);
  });
});

describe('the research queue with a finished job of an older worker build', () => {
  it('adds the job again for the workers of this build instead of reading the evidence an old worker inlined', async () => {
    const server = await startRedisServer();
    const connection = { url: server.url };
    const job = candidate('bollinger_mr', { period: [10, 20], mult: [2] });
    const data = { protocol: 2, item: job.item, inputHash: job.inputHash, dataHash: job.dataHash, input: job.input };
    const bull = new Queue(QUEUE_NAME, { connection });
    const manual = new Worker(QUEUE_NAME, undefined, { connection, autorun: false });
    const queues: ResearchQueue[] = [];
    let worker: ResearchWorker | undefined;
    try {
      // What a worker before evidence keys left behind: a completed job whose result holds the evidence itself.
      await bull.add('candidate', data, { jobId: candidateJobId(job.inputHash) });
      const taken = await manual.getNextJob('old-worker');
      await taken?.moveToCompleted({ evidence: '{}', worker: 'old-host:1#1', startedAt: 0, dataMs: 0, researchMs: 1, runs: 1 }, 'old-worker', false);
      const queue = await openResearchQueue({ url: server.url, settings });
      queues.push(queue);
      await queue.submit('run-after-upgrade', [job]);
      worker = await startResearchWorker({ url: server.url, settings, codeVersion: BUILD });
      const result = await queue.result(job.inputHash, () => undefined);
      expect(result.worker.startsWith(`${worker.name}#`)).toBe(true);
      expect(stringifyLossless(result.evidence)).toBe(stringifyLossless(await researchCandidate(candles, job.input)));
    } finally {
      for (const queue of queues) await queue.close();
      await worker?.close(true);
      await manual.close();
      await bull.close();
      await server.stop();
    }
  }, 30_000);
});

describe('a worker with one research thread', () => {
  const { server, open } = redisWithWorker(1);

  it('takes the next job before completing the last once its candidates prove short, and every job completes with its evidence already in Redis', async () => {
    const events = new QueueEvents(QUEUE_NAME, { connection: { url: server().url } });
    const reader = new Redis(server().url);
    const bull = new Queue(QUEUE_NAME, { connection: { url: server().url } });
    try {
      await events.waitUntilReady();
      // Read the evidence the moment each job's completion is announced: it must be there already.
      const evidenceAtCompletion: Promise<boolean>[] = [];
      events.on('completed', ({ jobId }) => jobId.startsWith('candidate-') && evidenceAtCompletion.push(reader.exists(evidenceKey(jobId.replace('candidate-', ''))).then((found) => found === 1)));
      const jobs = [10, 14, 18, 22].map((period) => candidate('bollinger_mr', { period: [period], mult: [2, 2.5] }));
      const queue = await open();
      await queue.submit('run-prefetch', jobs);
      const results = await Promise.all(jobs.map((job) => queue.result(job.inputHash, () => undefined)));
      expect(new Set(results.map((result) => result.worker)).size).toBe(1); // one thread ran them all
      const done = (await Promise.all(jobs.map((job) => bull.getJob(candidateJobId(job.inputHash))))).sort((a, b) => (a?.finishedOn ?? 0) - (b?.finishedOn ?? 0));
      // After the first (short) job, each was taken (processedOn) while the one before it was still running or completing.
      for (let k = 2; k < done.length; k++) expect(done[k]?.processedOn).toBeLessThan(done[k - 1]?.finishedOn ?? 0);
      await vi.waitFor(() => expect(evidenceAtCompletion).toHaveLength(jobs.length));
      expect(await Promise.all(evidenceAtCompletion)).toEqual(jobs.map(() => true));
    } finally {
      await events.close();
      reader.disconnect();
      await bull.close();
    }
  }, 30_000);

  it('fails only the attempt of a job whose thread dies: the job is retried, and the worker goes on with a new thread', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'scalp-crash-module-'));
    const entry = join(folder, 'crash.mjs');
    writeFileSync(entry, 'process.exit(3); // ends the research thread that imports it\n');
    const crashing = { ...candidate('crash_on_import', { period: [10] }), source: { file: 'crash.ts', hash: hashValue(entry), entry } };
    const queue = await open();
    await queue.submit('run-crash', [crashing]);
    await expect(queue.result(crashing.inputHash, () => undefined)).rejects.toThrow(/SYN\/USDT 5m crash_on_import: its research thread failed \(.*exited with code: 3\)/);
    const bull = new Queue(QUEUE_NAME, { connection: { url: server().url } });
    const failed = await bull.getJob(candidateJobId(crashing.inputHash));
    await bull.close();
    expect(failed?.attemptsMade).toBe(settings.attempts); // retried: a dead thread is not the job's fault
    const next = candidate('bollinger_mr', { period: [12], mult: [2] });
    await queue.submit('run-after-crash', [next]);
    const result = await queue.result(next.inputHash, () => undefined);
    expect(stringifyLossless(result.evidence)).toBe(stringifyLossless(await researchCandidate(candles, next.input)));
    rmSync(folder, { recursive: true, force: true });
  }, 30_000);
});

describe('a worker whose candidates take longer than holdAheadBelowMs', () => {
  const { server, open } = redisWithWorker(1, { ...settings, holdAheadBelowMs: 0 });

  it('takes a job only when a thread is free, so none waits behind another while other workers could take it', async () => {
    const jobs = [10, 14, 18].map((period) => candidate('bollinger_mr', { period: [period], mult: [2] }));
    const queue = await open();
    await queue.submit('run-no-hold', jobs);
    await Promise.all(jobs.map((job) => queue.result(job.inputHash, () => undefined)));
    const bull = new Queue(QUEUE_NAME, { connection: { url: server().url } });
    const done = (await Promise.all(jobs.map((job) => bull.getJob(candidateJobId(job.inputHash))))).sort((a, b) => (a?.finishedOn ?? 0) - (b?.finishedOn ?? 0));
    await bull.close();
    for (let k = 1; k < done.length; k++) expect(done[k]?.processedOn).toBeGreaterThanOrEqual(done[k - 1]?.finishedOn ?? Infinity);
  }, 30_000);
});
