// Child process of research-path.bench.js: researches ONE pair at 1m x `n` candles with every enabled strategy
// (the shipped entries and backtest config, 2 workers) in a scratch workspace, then prints one JSON line with
// the wall time, the process CPU time (main thread + workers) and the peak resident memory.
// Usage: node bench/_one-pair-run.js <candles>
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAppConfig } from '../dist/config/app-config.js';
import { ohlcvPath, writeCandles } from '../dist/data/ohlcv-store.js';
import { runBacktest } from '../dist/loop/backtest-run.js';
import { randomWalkCandles } from './_random-walk.js';

const here = dirname(fileURLToPath(import.meta.url));
const n = Number(process.argv[2] ?? 500_000);
const dir = mkdtempSync(join(tmpdir(), 'scalp-one-pair-'));
try {
  writeFileSync(join(dir, 'config.yaml'), `runtime:\n  data_dir: data\n  reports_dir: reports\n  exchange: none\n  workers: ${process.env.BENCH_WORKERS ?? 2}\n  tf_list: [1m]\n`);
  copyFileSync(join(here, '../config/entries_config.json'), join(dir, 'entries_config.json'));
  copyFileSync(join(here, '../config/backtest_config.json'), join(dir, 'backtest_config.json'));
  const appConfig = loadAppConfig(join(dir, 'config.yaml'));
  const file = ohlcvPath(appConfig.paths.dataDir, 'BENCH/USDT', '1m');
  mkdirSync(dirname(file), { recursive: true });
  await writeCandles(file, randomWalkCandles(n, { seed: 11, volumeSpread: 2 }), { pair: 'BENCH/USDT', tf: '1m', source: 'bench', simulated: true });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await runBacktest({ appConfig, pairs: ['BENCH/USDT'], tfs: ['1m'], workers: Number(process.env.BENCH_WORKERS ?? 2) });
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({
    jobs: result.jobs, failures: result.failures.length, seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6, peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
