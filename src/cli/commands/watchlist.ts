import { createExchange } from '../../data/create-exchange.js';
import { NO_EXCHANGE, refreshStoredWatchlist } from '../../data/stored-series.js';
import { refreshWatchlist } from '../../data/watchlist.js';
import { loadContext, simulatedBanner } from '../load-context.js';
import { formatTable, print, printJson } from '../output.js';

export default async function watchlist(options: Record<string, unknown>): Promise<void> {
  const config = loadContext(options);
  const exchange = await createExchange(config);
  try {
    const runtime = config.runtime;
    // exchange none: the watchlist is every stored pair, as the loop takes it.
    const result = exchange.id === NO_EXCHANGE
      ? await refreshStoredWatchlist(config.paths.dataDir, runtime.market, runtime.quote)
      : await refreshWatchlist(
        exchange,
        { quote: runtime.quote, market: runtime.market, topN: runtime.topN, minQuoteVolume: runtime.min_quote_volume },
        config.paths.dataDir,
      );
    if (options.json) return printJson(result);
    const banner = simulatedBanner(result.simulated);
    if (banner) print(banner);
    print(`watchlist on ${result.exchange} (${result.market}, quote ${result.quote}) taken ${result.taken_at}: ${result.pairs.length} pairs`);
    const rows = result.pairs.map((pair, i) => [String(i + 1), pair.symbol, formatVolume(pair.quote_volume)]);
    print(formatTable(['#', 'pair', '24h volume'], rows));
  } finally {
    await exchange.close();
  }
}

function formatVolume(value: number): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  return `${(value / 1e3).toFixed(0)}k`;
}
