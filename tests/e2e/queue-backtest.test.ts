import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScalp } from '../helpers/cli.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { CLEAN_MJS } from '../helpers/user-strategies.js';
import { backfilledWorkspace, copyWorkspace, hasFile, jobTimings, killWorkers, removeWorkspaces, startWorker, summaryRows, type WorkerProcess } from './_queue-fixtures.js';

const STRATEGIES = ['--strategies', 'vwap_rsi,bollinger_mr'];
const JOBS = 4; // 2 pairs x 1 tf x 2 strategies

let redis: RedisServer;
let base: string;
let local: unknown[];
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  base = await backfilledWorkspace();
  const localRun = copyWorkspace(base);
  const result = await runScalp(['backtest', ...STRATEGIES, '--workers', '2'], { cwd: localRun });
  expect(result.code, result.stderr).toBe(0);
  local = summaryRows(localRun);
  expect(local).toHaveLength(JOBS);
}, 120_000);

afterAll(async () => {
  await killWorkers(workers);
  await redis?.stop();
  removeWorkspaces();
});

const startedJobs = (worker: WorkerProcess) => worker.lines.filter((line) => / started .* \(candidate-/.test(line)).length;

describe('scalp backtest on the research queue', () => {
  it('with two `scalp worker` processes writes the summary the local run writes, number for number', async () => {
    workers.push(await startWorker(base, redis.url), await startWorker(base, redis.url));
    const cwd = copyWorkspace(base);
    const result = await runScalp(['backtest', ...STRATEGIES, '--queue', redis.url], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(summaryRows(cwd)).toEqual(local);
    expect(result.stdout).toContain(`research queue ${redis.url}: ${JOBS} jobs submitted`);
    const timings = jobTimings(cwd);
    expect(timings.jobs).toHaveLength(JOBS);
    const names = workers.map((worker) => worker.lines[0].match(/scalp worker (\S+) on/)?.[1]);
    for (const job of timings.jobs) expect(names).toContain(job.worker.split('#')[0]);
    expect(startedJobs(workers[0]) + startedJobs(workers[1])).toBe(JOBS);
  }, 90_000);

  it('shows the queue, its counts and connected workers in scalp status --json', async () => {
    const cwd = copyWorkspace(base, redis.url);
    const status = await runScalp(['status', '--json'], { cwd });
    expect(status.code, status.stderr).toBe(0);
    const { queue } = JSON.parse(status.stdout) as { queue: { url: string; reachable: boolean; completed: number; failed: number; workers: { name: string }[] } };
    expect(queue).toMatchObject({ url: redis.url, reachable: true, failed: 0 });
    expect(queue.completed).toBeGreaterThanOrEqual(JOBS);
    expect(queue.workers).toHaveLength(2);
  });

  it('shares one run between two coordinators instead of doubling its jobs', async () => {
    const client = new Redis(redis.url);
    await client.flushall(); // a fresh queue: nothing finished to reuse
    client.disconnect();
    const before = startedJobs(workers[0]) + startedJobs(workers[1]);
    const [first, second] = [copyWorkspace(base, redis.url), copyWorkspace(base)];
    // One coordinator takes the queue from runtime.queue, the other from --queue.
    const results = await Promise.all([
      runScalp(['backtest', ...STRATEGIES], { cwd: first }),
      runScalp(['backtest', ...STRATEGIES, '--queue', redis.url], { cwd: second }),
    ]);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    expect(summaryRows(first)).toEqual(local);
    expect(summaryRows(second)).toEqual(local);
    expect(startedJobs(workers[0]) + startedJobs(workers[1]) - before).toBe(JOBS);
  }, 90_000);

  it('researches a user strategy module on workers that have no strategies folder, as the local run does', async () => {
    const withModule = (cwd: string) => {
      mkdirSync(join(cwd, 'strategies'), { recursive: true });
      writeFileSync(join(cwd, 'strategies', 'my_cross.mjs'), CLEAN_MJS);
      return cwd;
    };
    const [localRun, queuedRun] = [withModule(copyWorkspace(base)), withModule(copyWorkspace(base))];
    const localResult = await runScalp(['backtest', '--strategies', 'my_cross', '--workers', '2'], { cwd: localRun });
    expect(localResult.code, localResult.stderr).toBe(0);
    const queued = await runScalp(['backtest', '--strategies', 'my_cross', '--queue', redis.url], { cwd: queuedRun });
    expect(queued.code, queued.stderr).toBe(0);
    const rows = summaryRows(localRun) as { pair: string; tf: string; strategy: string }[];
    expect(rows.map((row) => row.strategy)).toEqual(['my_cross', 'my_cross']);
    expect(summaryRows(queuedRun)).toEqual(rows);
    expect(jobTimings(queuedRun).jobs.map((job) => job.item)).toEqual(rows.map((row) => `${row.pair} ${row.tf} ${row.strategy}`));
  }, 90_000);

  it('reuses the finished jobs when the run is submitted again: it completes with no worker running', async () => {
    for (const worker of workers.splice(0)) {
      worker.child.kill('SIGTERM'); // graceful: stop taking jobs, exit 0
      expect(await worker.exited).toBe(0);
    }
    const cwd = copyWorkspace(base);
    const result = await runScalp(['backtest', ...STRATEGIES, '--queue', redis.url], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(summaryRows(cwd)).toEqual(local);
    expect(jobTimings(cwd).jobs.every((job) => job.shared)).toBe(true);
    expect(hasFile(cwd, 'reports/strategies.yml.next')).toBe(true);
  }, 60_000);
});
