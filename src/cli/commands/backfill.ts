import { backfillAll, backfillFailure } from '../../data/backfill.js';
import { createExchange } from '../../data/create-exchange.js';
import { NO_EXCHANGE } from '../../data/stored-series.js';
import { UsageError } from '../../core/errors.js';
import { readWatchlist, refreshWatchlist } from '../../data/watchlist.js';
import type { AppConfig } from '../../config/app-config.js';
import type { Exchange } from '../../data/exchange.js';
import { loadContext, simulatedBanner } from '../load-context.js';
import { formatTable, print, printJson } from '../output.js';
import { parseTimeframes } from '../parse-list.js';
import { parsePairs } from '../parse-pairs.js';
import { createProgress } from '../progress.js';

/** Pairs from --pairs (already parsed), else the watchlist (taken now when there is none yet). */
async function pairsToBackfill(config: AppConfig, exchange: Exchange, explicit: string[] | undefined): Promise<string[]> {
  if (explicit) return explicit;
  const existing = await readWatchlist(config.paths.dataDir);
  if (existing) return existing.pairs.map((p) => p.symbol);
  process.stderr.write('no watchlist yet: taking one now (scalp watchlist)\n');
  const runtime = config.runtime;
  const fresh = await refreshWatchlist(
    exchange,
    { quote: runtime.quote, market: runtime.market, topN: runtime.topN, minQuoteVolume: runtime.min_quote_volume },
    config.paths.dataDir,
  );
  return fresh.pairs.map((p) => p.symbol);
}

export default async function backfill(options: Record<string, unknown>): Promise<number> {
  const config = loadContext(options);
  const { quote, market, tf_list: tfList } = config.runtime;
  // Flags are checked before the exchange is opened or anything is written.
  const tfs = parseTimeframes(options.tfs as string | undefined, tfList, config.configFile) ?? tfList;
  const explicitPairs = parsePairs(options.pairs as string | undefined, { quote, market, configFile: config.configFile });
  if (config.runtime.exchange === NO_EXCHANGE) {
    throw new UsageError(`runtime.exchange is none in ${config.configFile}: there is no exchange to fetch from; bring candles in with scalp import, or set runtime.exchange to a ccxt id or sim`);
  }
  const exchange = await createExchange(config);
  try {
    const pairs = await pairsToBackfill(config, exchange, explicitPairs);
    const banner = simulatedBanner(exchange.simulated);
    if (banner && !options.json) process.stderr.write(`${banner}\n`);
    const progress = createProgress('backfill', pairs.length * tfs.length);
    const reports = await backfillAll({
      exchange,
      dataDir: config.paths.dataDir,
      pairs,
      tfs,
      backfillLimit: config.runtime.backfill_limit,
      csvMirror: config.runtime.csv_mirror,
      retries: config.runtime.retries,
      retryBaseMs: config.runtime.retry_base_ms,
      onProgress: ({ done, pair, tf }) => progress.update(done, `${pair} ${tf}`),
    });
    progress.stop();
    if (options.json) {
      printJson(reports);
    } else {
      const rows = reports.map((r) => [
        r.pair, r.tf, r.status === 'ok' ? 'ok' : 'FAILED', String(r.added), String(r.rows), String(r.gaps_unfilled),
        r.error ?? (r.quarantined_file ? `corrupt file moved to ${r.quarantined_file}` : r.rebuilt ? 'rebuilt a corrupt file' : ''),
      ]);
      print(formatTable(['pair', 'tf', 'status', 'added', 'rows', 'gaps', 'note'], rows));
      for (const warning of reports.flatMap((r) => r.warnings)) process.stderr.write(`warning: ${warning}
`);
    }
    const failure = backfillFailure(reports);
    if (failure) {
      process.stderr.write(`scalp: ${failure.message}\n`);
      return failure.exitCode;
    }
    return 0;
  } finally {
    await exchange.close();
  }
}
