// Child process of research-path.bench.js: researches ONE pair at 1m x `n` candles with every enabled strategy
// (the shipped entries and backtest config, 2 workers) in a scratch workspace, then prints one JSON line with
// the wall time, the process CPU time (main thread + workers) and the peak resident memory. The workspace (random
// walk candles written to Parquet) is made by a process of its own first, so the figures are the research's, as a
// `scalp backtest` on data already on disk would show them, not the generator's.
// Usage: node bench/_one-pair-run.js <candles>
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAppConfig } from '../dist/config/app-config.js';
import { ohlcvPath, writeCandles } from '../dist/data/ohlcv-store.js';
import { runBacktest } from '../dist/loop/backtest-run.js';
import { randomWalkCandles } from './_random-walk.js';

const here = dirname(fileURLToPath(import.meta.url));
const PAIR = 'BENCH/USDT';
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);

/** Writes the config files and the pair's `n` candles into `dir`. */
async function writeWorkspace(dir, n) {
  writeFileSync(join(dir, 'config.yaml'), `runtime:\n  data_dir: data\n  reports_dir: reports\n  exchange: none\n  workers: ${WORKERS}\n  tf_list: [1m]\n`);
  copyFileSync(join(here, '../config/entries_config.json'), join(dir, 'entries_config.json'));
  copyFileSync(join(here, '../config/backtest_config.json'), join(dir, 'backtest_config.json'));
  const file = ohlcvPath(loadAppConfig(join(dir, 'config.yaml')).paths.dataDir, PAIR, '1m');
  mkdirSync(dirname(file), { recursive: true });
  await writeCandles(file, randomWalkCandles(n, { seed: 11, volumeSpread: 2 }), { pair: PAIR, tf: '1m', source: 'bench', simulated: true });
}

async function research(dir) {
  const appConfig = loadAppConfig(join(dir, 'config.yaml'));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await runBacktest({ appConfig, pairs: [PAIR], tfs: ['1m'], workers: WORKERS });
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({
    jobs: result.jobs, failures: result.failures.length, seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6, peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`);
}

if (process.argv[2] === '--write-workspace') {
  await writeWorkspace(process.argv[3], Number(process.argv[4]));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'scalp-one-pair-'));
  try {
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--write-workspace', dir, String(Number(process.argv[2] ?? 500_000))], { stdio: 'inherit' });
    await research(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
