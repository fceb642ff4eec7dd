// The research queue (BullMQ on a real redis-server) against the local piscina run on the same jobs: 4 pairs x
// 5,000 1m candles x every enabled strategy. The coordinator is this process (runBacktest, as `scalp backtest
// --queue` runs it); the workers are real `scalp worker` processes started fresh (cold threads, like the local
// pool's) for each measurement, one candidate at a time each. Rows: jobs/s of the research phase (research and
// family grading, without the run's fixed start and write costs) of the local run (2 threads) and of the queue with
// 1 and 2 worker processes, and the queue's own cost per job: the time the jobs of the 1-worker run spent in the
// queue beyond their research (pick-up, hand-over to the thread, result back), against the median time of one
// candidate. Coordinator, Redis and workers share this machine's cores, so the queued figures are pessimistic; a
// last 1-worker run puts the worker process alone on the last core and the rest on the others (taskset), the
// nearest this machine comes to a worker machine apart from the coordinator's.
// Skips with a row saying why when redis-server is not installed.
// Needs `npm run build` (imports ../dist; the workers' threads load dist/workers/queue/research-thread.js).
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadAppConfig } from '../dist/config/app-config.js';
import { ohlcvPath, writeCandles } from '../dist/data/ohlcv-store.js';
import { runBacktest } from '../dist/loop/backtest-run.js';
import { randomWalkCandles } from './_random-walk.js';

export const name = 'queue';

const here = dirname(fileURLToPath(import.meta.url));
const PAIRS = ['BENCH/USDT', 'OTHER/USDT', 'THIRD/USDT', 'FOURTH/USDT'];
const CANDLES = 5_000;
const LOCAL_THREADS = 2;

function binaryOnPath(name) {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  return folders.map((folder) => join(folder, name)).find((file) => existsSync(file));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `child` printed `marker` on `stream`; rejects when it exits first. */
function printed(child, stream, marker) {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk) => {
      text += chunk;
      if (!text.includes(marker)) return;
      child[stream].off('data', onData);
      child[stream].resume();
      resolve();
    };
    child[stream].on('data', onData);
    child.once('exit', (code) => reject(new Error(`${child.spawnargs.join(' ')} exited ${code} before printing "${marker}":\n${text}`)));
  });
}

async function startRedis(binary) {
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await printed(child, 'stdout', 'Ready to accept connections');
  return { url: `redis://127.0.0.1:${port}`, child };
}

/** `command args` run on the CPUs `cpus` (e.g. '1' or '0-2') through taskset, or as is without a CPU list. */
const onCpus = (cpus, command, args) => (cpus ? ['taskset', ['-c', cpus, command, ...args]] : [command, args]);

async function startWorkers(count, url, cpus) {
  const workers = Array.from({ length: count }, () => spawn(...onCpus(cpus, process.execPath, [join(here, '../bin/scalp.js'), 'worker', '--queue', url, '--concurrency', '1']), { stdio: ['ignore', 'ignore', 'pipe'] }));
  await Promise.all(workers.map((worker) => printed(worker, 'stderr', 'scalp worker ')));
  return workers;
}

async function stop(children) {
  await Promise.all(children.map((child) => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  })));
}

async function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'scalp-bench-queue-'));
  writeFileSync(join(dir, 'config.yaml'), `runtime:\n  data_dir: data\n  reports_dir: reports\n  exchange: none\n  tf_list: [1m]\n`);
  copyFileSync(join(here, '../config/entries_config.json'), join(dir, 'entries_config.json'));
  copyFileSync(join(here, '../config/backtest_config.json'), join(dir, 'backtest_config.json'));
  const appConfig = loadAppConfig(join(dir, 'config.yaml'));
  for (const [k, pair] of PAIRS.entries()) {
    const file = ohlcvPath(appConfig.paths.dataDir, pair, '1m');
    mkdirSync(dirname(file), { recursive: true });
    await writeCandles(file, randomWalkCandles(CANDLES, { seed: 21 + k, volumeSpread: 2 }), { pair, tf: '1m', source: 'bench', simulated: true });
  }
  return { dir, appConfig };
}

/** One backtest of every job from an empty results DB; returns its wall seconds. */
async function timedRun(appConfig, queue) {
  rmSync(appConfig.paths.reportsDir, { recursive: true, force: true });
  for (const suffix of ['', '.wal']) rmSync(join(appConfig.paths.dataDir, `results.duckdb${suffix}`), { force: true });
  const started = performance.now();
  const result = await runBacktest({ appConfig, pairs: PAIRS, tfs: ['1m'], workers: LOCAL_THREADS, queue });
  if (result.failures.length > 0 || result.computed !== result.jobs) throw new Error(`bench run failed: ${JSON.stringify(result.failures)}`);
  return { seconds: (performance.now() - started) / 1000, researchSeconds: result.timings.researchMs / 1000, jobs: result.jobs };
}

/** The finished candidate jobs of the queue: when each was picked up and finished, and what its worker measured. */
async function finishedJobs(url) {
  const queue = new Queue('scalp-research', { connection: { url } });
  try {
    const jobs = (await queue.getCompleted(0, -1)).filter((job) => job.name === 'candidate');
    return jobs.map((job) => ({ processedOn: job.processedOn, finishedOn: job.finishedOn, workMs: job.returnvalue.dataMs + job.returnvalue.researchMs, researchMs: job.returnvalue.researchMs }));
  } finally {
    await queue.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function queuedRun(appConfig, redis, workerCount, workerCpus) {
  const client = new Redis(redis.url);
  await client.flushall(); // nothing finished to reuse: every job is researched
  client.disconnect();
  const workers = await startWorkers(workerCount, redis.url, workerCpus);
  try {
    return { ...(await timedRun(appConfig, redis.url)), finished: await finishedJobs(redis.url) };
  } finally {
    await stop(workers);
  }
}

/** Puts every thread of this process (and the threads it starts later) on `cpus`. */
const pinSelf = (cpus) => execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });

/**
 * A worker machine apart from the coordinator's, as far as one machine allows: the worker process alone on the
 * last core, this process (coordinator and its grading pool) and Redis on the others. Undefined without taskset or
 * a second core.
 */
async function queuedRunOnOwnCore(appConfig, redis) {
  const cores = cpus().length;
  if (cores < 2 || binaryOnPath('taskset') === undefined) return undefined;
  const others = cores === 2 ? '0' : `0-${cores - 2}`;
  pinSelf(others);
  execFileSync('taskset', ['-a', '-p', '-c', others, String(redis.child.pid)], { stdio: 'ignore' });
  try {
    return await queuedRun(appConfig, redis, 1, String(cores - 1));
  } finally {
    pinSelf(`0-${cores - 1}`);
    execFileSync('taskset', ['-a', '-p', '-c', `0-${cores - 1}`, String(redis.child.pid)], { stdio: 'ignore' });
  }
}

/**
 * The 1-worker run researches one job at a time: from the end of its first job (which also started the thread) to
 * the end of its last, the time not spent researching is what the queue cost (pick-up, hand-over, getting a series
 * a thread did not hold yet, result back), per job.
 */
function queueCostPerJob(finished) {
  const jobs = [...finished].sort((a, b) => a.finishedOn - b.finishedOn);
  const later = jobs.slice(1);
  return {
    overheadMs: (jobs.at(-1).finishedOn - jobs[0].finishedOn - later.reduce((sum, job) => sum + job.researchMs, 0)) / later.length,
    threadStartMs: jobs[0].finishedOn - jobs[0].processedOn - jobs[0].researchMs,
    candidateMs: median(finished.map((job) => job.researchMs)),
  };
}

export async function run({ log }) {
  const binary = binaryOnPath('redis-server');
  if (binary === undefined) {
    log('  redis-server is not installed (apt-get install redis-server): queue bench skipped');
    return [{ metric: 'queue bench skipped: redis-server not installed', value: 0, unit: 'jobs/s' }];
  }
  const { dir, appConfig } = await workspace();
  const redis = await startRedis(binary);
  try {
    await timedRun(appConfig, false); // warm-up: file cache, this process's JIT
    const local = await timedRun(appConfig, false);
    const one = await queuedRun(appConfig, redis, 1);
    const two = await queuedRun(appConfig, redis, 2);
    const ownCore = await queuedRunOnOwnCore(appConfig, redis);
    const rate = (measured) => measured.jobs / measured.researchSeconds;
    const { overheadMs, threadStartMs, candidateMs } = queueCostPerJob(one.finished);
    const times = (measured) => `${measured.researchSeconds.toFixed(2)} s (run ${measured.seconds.toFixed(2)} s)`;
    log(`  ${local.jobs} jobs (${PAIRS.length} pairs x ${CANDLES} 1m candles x every enabled strategy), research phase: local ${times(local)} on ` +
      `${LOCAL_THREADS} threads, queue ${times(one)} with 1 worker, ${times(two)} with 2 workers`);
    log(`  queue cost per job ${overheadMs.toFixed(1)} ms (${((100 * overheadMs) / candidateMs).toFixed(1)}% of the median candidate, ${candidateMs.toFixed(0)} ms); ` +
      `a worker thread's first job also pays ${threadStartMs.toFixed(0)} ms to start the thread`);
    const apart = ownCore && queueCostPerJob(ownCore.finished);
    if (apart) {
      log(`  with the worker alone on its own core (coordinator and Redis on the other${cpus().length > 2 ? 's' : ''}): queue cost per job ` +
        `${apart.overheadMs.toFixed(1)} ms (${((100 * apart.overheadMs) / apart.candidateMs).toFixed(1)}% of the median candidate, ${apart.candidateMs.toFixed(0)} ms)`);
    }
    const localBaseline = { name: `local piscina, ${LOCAL_THREADS} threads`, value: rate(local) };
    return [
      { metric: `local piscina run, ${LOCAL_THREADS} threads`, value: rate(local), unit: 'jobs/s' },
      { metric: 'queued run, 1 worker process', value: rate(one), unit: 'jobs/s', baseline: localBaseline },
      { metric: 'queued run, 2 worker processes', value: rate(two), unit: 'jobs/s', baseline: localBaseline },
      { metric: 'queued run, 2 vs 1 worker processes', value: rate(two), unit: 'jobs/s', baseline: { name: '1 worker process', value: rate(one) } },
      { metric: 'median candidate research (5,000 1m candles)', value: candidateMs, unit: 'ms' },
      { metric: 'queue cost per job (pick-up, hand-over, result)', value: overheadMs, unit: 'ms', target: `< ${(0.05 * candidateMs).toFixed(1)} ms (5% of a candidate)` },
      ...(apart
        ? [{ metric: 'queue cost per job, worker on its own core', value: apart.overheadMs, unit: 'ms', target: `< ${(0.05 * apart.candidateMs).toFixed(1)} ms (5% of its median candidate)` }]
        : []),
    ];
  } finally {
    redis.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
