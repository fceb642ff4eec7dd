import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openResultsDb, resultsDbPath } from '../../src/data/results-db.js';
import { SCALP_BIN, runScalp, type CliResult } from '../helpers/cli.js';
import { freePort, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { snapshotWorkspace } from './_workspace-snapshot.js';
import { backfilledWorkspace, copyWorkspace, hasFile, killWorkers, removeWorkspaces, startWorker, summaryRows, type WorkerProcess } from './_queue-fixtures.js';

const STRATEGIES = ['--strategies', 'vwap_rsi,bollinger_mr'];
/** Short locks so a dead worker's job is taken over within seconds, and a short wait for a lost Redis. */
const FAST = { SCALP_QUEUE_LOCK_MS: '1500', SCALP_QUEUE_STALLED_MS: '500', SCALP_QUEUE_LOST_MS: '1500' };

let base: string;
let local: unknown[];
const workers: WorkerProcess[] = [];
const servers: RedisServer[] = [];

beforeAll(async () => {
  base = await backfilledWorkspace();
  const localRun = copyWorkspace(base);
  const result = await runScalp(['backtest', ...STRATEGIES, '--workers', '2'], { cwd: localRun });
  expect(result.code, result.stderr).toBe(0);
  local = summaryRows(localRun);
}, 120_000);

afterAll(async () => {
  await killWorkers(workers);
  for (const server of servers) await server.stop();
  removeWorkspaces();
});

async function redisServer(): Promise<RedisServer> {
  const server = await startRedisServer();
  servers.push(server);
  return server;
}

/** `scalp backtest --queue url` as a child process, resolving like runScalp. */
function backtestInBackground(cwd: string, url: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCALP_BIN, 'backtest', ...STRATEGIES, '--queue', url], { cwd, env: { ...process.env, NO_COLOR: '1', ...FAST } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A fresh Redis, one `scalp worker` on it and a `scalp backtest --queue` running in the background. */
async function queuedBacktest(): Promise<{ redis: RedisServer; cwd: string; worker: WorkerProcess; run: Promise<CliResult> }> {
  const redis = await redisServer();
  const cwd = copyWorkspace(base);
  const worker = await startWorker(base, redis.url, FAST);
  workers.push(worker);
  return { redis, cwd, worker, run: backtestInBackground(cwd, redis.url) };
}

/** Items ("PAIR 5m strategy") of the completed candidate jobs. */
async function completedItems(queue: Queue): Promise<string[]> {
  const jobs = await queue.getCompleted();
  return jobs.filter((job) => job.name === 'candidate').map((job) => (job.data as { item: string }).item);
}

describe('the research queue when things break', () => {
  it('exits 4 naming the URL when Redis is not there, before writing anything (backtest and worker)', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const cwd = copyWorkspace(base);
    const before = snapshotWorkspace(cwd);
    for (const args of [['backtest', ...STRATEGIES, '--queue', url], ['worker', '--queue', url]]) {
      const result = await runScalp(args, { cwd });
      expect(result.code, result.stderr).toBe(4);
      expect(result.stderr).toContain(`cannot reach the research queue's Redis at ${url}`);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    expect(snapshotWorkspace(cwd)).toEqual(before);
  });

  it('takes over the job of a worker SIGKILLed mid-job once its lock expires; the run completes with the local results', async () => {
    const { redis, cwd, worker: doomed, run } = await queuedBacktest();
    const started = await doomed.waitFor(/ started .* \((candidate-[0-9a-f]+)\)/);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const jobId = started.match(/\((candidate-[0-9a-f]+)\)/)?.[1] as string;
    const queue = new Queue('scalp-research', { connection: { url: redis.url } });
    expect(await queue.getJobState(jobId)).toBe('active'); // killed while holding it
    const rescuer = await startWorker(base, redis.url, FAST);
    workers.push(rescuer);
    const result = await run;
    const finished = await queue.getJob(jobId);
    await queue.close();
    expect(result.code, result.stderr).toBe(0);
    expect(summaryRows(cwd)).toEqual(local);
    expect(rescuer.lines.some((line) => line.includes(`started`) && line.includes(jobId))).toBe(true);
    expect(finished?.returnvalue?.evidenceKey).toBe(`scalp:evidence:${jobId.replace('candidate-', '')}`);
  }, 90_000);

  it('gives a lost Redis the configured time, then exits 4 having written nothing of the run', async () => {
    const { redis, cwd, worker, run } = await queuedBacktest();
    const queue = new Queue('scalp-research', { connection: { url: redis.url } });
    queue.on('error', () => undefined);
    // Wait until one pair's family is researched (and graded by the coordinator), then stop the worker and Redis.
    let items: string[] = [];
    const familyDone = () => ['vwap_rsi', 'bollinger_mr'].every((strategy) => items.some((item) => item.endsWith(` ${strategy}`) && items.filter((i) => i.split(' ')[0] === item.split(' ')[0]).length === 2));
    for (let i = 0; i < 1500 && !familyDone(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      items = await completedItems(queue);
    }
    worker.child.kill('SIGKILL');
    await worker.exited;
    items = await completedItems(queue);
    await queue.disconnect();
    expect(items.length, `the whole run finished before Redis could be lost: ${items.join(', ')}`).toBeLessThan(4);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the coordinator grades the finished family
    await redis.kill();
    const result = await run;
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toContain(`lost the research queue's Redis at ${redis.url} for more than 1.5 s`);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    for (const file of ['reports/summary.json', 'reports/strategies.yml.next', 'reports/job_timings.json', 'reports/details']) expect(hasFile(cwd, file), file).toBe(false);
    const db = await openResultsDb(resultsDbPath(join(cwd, 'data')));
    try {
      for (const table of ['runs', 'results', 'combo_trials', 'evidence_cache']) {
        expect(await db.query(`SELECT count(*)::INTEGER AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
      }
    } finally {
      db.close();
    }
  }, 90_000);
});
