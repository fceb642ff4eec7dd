import { readWatchlist } from '../../data/watchlist.js';
import { runBacktest } from '../../loop/backtest-run.js';
import { UsageError } from '../../core/errors.js';
import { loadContext, simulatedBanner } from '../load-context.js';
import { print, printJson } from '../output.js';
import { parseList, parsePairs, parsePositiveInt, parseTimeframes } from '../parse-list.js';
import { createProgress } from '../progress.js';

export default async function backtest(options: Record<string, unknown>): Promise<number> {
  const config = loadContext(options);
  const tfs = parseTimeframes(options.tfs as string | undefined) ?? config.runtime.tf_list;
  let pairs = parsePairs(options.pairs as string | undefined, config.runtime.quote);
  if (!pairs) {
    const watchlist = await readWatchlist(config.paths.dataDir);
    if (!watchlist) throw new UsageError('no watchlist yet: run `scalp watchlist` and `scalp backfill` first, or pass --pairs');
    pairs = watchlist.pairs.map((p) => p.symbol);
  }
  const strategies = parseList(options.strategies as string | undefined);
  const workers = typeof options.workers === 'string' ? parsePositiveInt(options.workers, '--workers') : undefined;
  const banner = simulatedBanner(config.runtime.exchange === 'sim');
  if (banner && !options.json) process.stderr.write(`${banner}\n`);

  let progress: ReturnType<typeof createProgress> | undefined;
  const result = await runBacktest({
    appConfig: config,
    pairs,
    tfs,
    strategies,
    workers,
    log: (line) => process.stderr.write(`${line}\n`),
    onProgress: ({ done, total, item, status }) => {
      progress ??= createProgress('backtest', total);
      progress.update(done, `${item} ${status}`);
    },
  });
  progress?.stop();
  if (options.json) {
    printJson(result);
  } else {
    const seconds = (result.timings.totalMs / 1000).toFixed(1);
    print(`backtest ${result.runId}: ${result.rows} results (${result.computed} computed, ${result.reused} reused) in ${seconds} s`);
    for (const skipped of result.skipped) print(`skipped ${skipped.item}: ${skipped.reason}`);
    for (const failure of result.failures) print(`FAILED ${failure.item}: ${failure.error}`);
    print(`wrote ${result.summaryFile}; next: scalp promote`);
  }
  if (result.rows === 0 && result.skipped.length > 0) {
    process.stderr.write('scalp: nothing was backtested (every series was skipped, see above); the previous results are kept\n');
    return 1;
  }
  return result.failures.length > 0 ? 1 : 0;
}
