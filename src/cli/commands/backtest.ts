import { existsSync } from 'node:fs';
import { readWatchlist } from '../../data/watchlist.js';
import { runBacktest, type RunBacktestResult } from '../../loop/backtest-run.js';
import { simulatedSeries } from '../../loop/series-labels.js';
import { loadStrategyLibrary } from '../../loop/strategy-library.js';
import { ohlcvPath } from '../../data/ohlcv-store.js';
import { UsageError } from '../../core/errors.js';
import type { AppConfig } from '../../config/app-config.js';
import { assertCandleFilesReadable, candleFilesOf } from '../check-candle-files.js';
import { loadContext, simulatedBanner } from '../load-context.js';
import { print, printJson } from '../output.js';
import { parseTimeframes } from '../parse-list.js';
import { parseWorkers } from '../parse-number.js';
import { parsePairs } from '../parse-pairs.js';
import { parseStrategies } from '../parse-strategies.js';
import { queueOption } from '../parse-queue.js';
import { assertQueueReachable } from '../../workers/queue/index.js';
import { createWorkBar } from '../progress.js';

/** --pairs, else the watchlist's pairs. */
async function pairsToBacktest(config: AppConfig, flag: unknown): Promise<string[]> {
  const { quote, market } = config.runtime;
  const pairs = parsePairs(typeof flag === 'string' ? flag : undefined, { quote, market, configFile: config.configFile });
  if (pairs) return pairs;
  const watchlist = await readWatchlist(config.paths.dataDir);
  if (!watchlist) throw new UsageError('no watchlist yet: run `scalp watchlist` and `scalp backfill` first, or pass --pairs');
  return watchlist.pairs.map((p) => p.symbol);
}

function printResult(result: RunBacktestResult): void {
  const seconds = (result.timings.totalMs / 1000).toFixed(1);
  print(`backtest ${result.runId}: ${result.rows} results (${result.computed} computed, ${result.reused} reused) in ${seconds} s`);
  if (result.queue) print(`research queue ${result.queue.url}: ${result.queue.submitted} jobs submitted (per-job timings in reports/job_timings.json)`);
  for (const skipped of result.skipped) print(`skipped ${skipped.item}: ${skipped.reason}`);
  for (const failure of result.failures) print(`FAILED ${failure.item}: ${failure.error}`);
  print(`wrote ${result.summaryFile}; next: scalp promote`);
}

export default async function backtest(options: Record<string, unknown>): Promise<number> {
  const config = loadContext(options);
  // Every flag is checked, and every candle file read once, before the run writes anything.
  const tfs = parseTimeframes(options.tfs as string | undefined, config.runtime.tf_list, config.configFile) ?? config.runtime.tf_list;
  const workers = typeof options.workers === 'string' ? parseWorkers(options.workers, '--workers') : undefined;
  const queue = queueOption(options.queue, config);
  // An unreachable queue stops here, before any file is read or written (exit 4 naming the URL).
  if (queue) await assertQueueReachable(queue);
  const pairs = await pairsToBacktest(config, options.pairs);
  // Built-ins and user strategies (runtime.strategies_dir): --strategies may name either; modules are gated in the run.
  const library = await loadStrategyLibrary(config, { gate: false });
  const known = library.entries.map((entry) => entry.id);
  const strategies = parseStrategies(options.strategies as string | undefined, known, config.paths.entriesConfig, library.problems.map((p) => p.error));
  await assertCandleFilesReadable(candleFilesOf(config.paths.dataDir, pairs, tfs));
  const stored = pairs.flatMap((pair) => tfs.map((tf) => ({ pair, tf }))).filter(({ pair, tf }) => existsSync(ohlcvPath(config.paths.dataDir, pair, tf)));
  const banner = simulatedBanner([...(await simulatedSeries(config.paths.dataDir, stored)).values()].some(Boolean));
  if (banner && !options.json) process.stderr.write(`${banner}\n`);

  const progress = createWorkBar('backtest');
  const result = await runBacktest({
    appConfig: config,
    pairs,
    tfs,
    strategies,
    workers,
    queue,
    log: (line) => process.stderr.write(`${line}\n`),
    onProgress: ({ done, total, item, status }) => progress.jobs(done, total, `${item} ${status}`),
    onWork: (work) => progress.work(work),
  });
  progress.stop();
  if (options.json) printJson(result);
  else printResult(result);
  if (result.rows === 0 && result.skipped.length > 0) {
    process.stderr.write('scalp: nothing was backtested (every series was skipped, see above); the previous results are kept\n');
    return 1;
  }
  return result.failures.length > 0 ? 1 : 0;
}
