import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScalp } from '../helpers/cli.js';
import { freePort, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { backfilledWorkspace, copyWorkspace, hasFile, jobTimings, killWorkers, removeWorkspaces, startWorker, summaryRows, type WorkerProcess } from './_queue-fixtures.js';

let redis: RedisServer;
let base: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  base = await backfilledWorkspace();
}, 120_000);

afterAll(async () => {
  await killWorkers(workers);
  await redis?.stop();
  removeWorkspaces();
});

describe('scalp run with runtime.queue set', () => {
  it('runs its research cycle on the queue workers and shows their jobs on the dashboard', async () => {
    workers.push(await startWorker(base, redis.url, {}, 2));
    const cwd = copyWorkspace(base, redis.url);
    const run = await runScalp(['run', '--once'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/cycle \S+: ok in/);
    const rows = summaryRows(cwd) as { pair: string; tf: string; strategy: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(2 * 10); // 2 pairs x every enabled strategy
    const timings = jobTimings(cwd);
    expect(timings.queue).toBe(redis.url);
    expect(timings.jobs.map((job) => job.item).sort()).toEqual(rows.map((row) => `${row.pair} ${row.tf} ${row.strategy}`).sort());
    const workerName = workers[0].lines[0].match(/scalp worker (\S+) on/)?.[1];
    for (const job of timings.jobs) expect(job.worker.split('#')[0]).toBe(workerName);
    const dashboard = readFileSync(join(cwd, 'dashboard.html'), 'utf8');
    expect(dashboard).toContain('Queue jobs of this run');
    expect(dashboard).toContain(workerName);
  }, 120_000);

  it('stops with exit 4 naming the URL when the queue Redis does not answer, writing no results', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const cwd = copyWorkspace(base, url);
    const run = await runScalp(['run', '--once'], { cwd });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(url);
    expect(hasFile(cwd, 'reports/summary.json')).toBe(false);
  }, 60_000);
});
