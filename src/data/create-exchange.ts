import type { AppConfig } from '../config/app-config.js';
import type { Exchange } from './exchange.js';
import { createSimExchange } from './sim-exchange.js';
import { createStoredSeriesExchange, NO_EXCHANGE } from './stored-series.js';

/**
 * The exchange named by `runtime.exchange`: the built-in simulated one for 'sim', the stored series alone for
 * 'none' (nothing is fetched: see stored-series.ts), otherwise a ccxt client.
 * ccxt is imported only when needed: it takes a second to load, and commands that fail on config or run on the
 * simulated exchange should not pay for it.
 */
export async function createExchange(appConfig: AppConfig): Promise<Exchange> {
  const runtime = appConfig.runtime;
  if (runtime.exchange === 'sim') return createSimExchange(appConfig.sim);
  if (runtime.exchange === NO_EXCHANGE) return createStoredSeriesExchange(appConfig.paths.dataDir);
  const { createCcxtExchange } = await import('./ccxt-exchange.js');
  return createCcxtExchange({
    id: runtime.exchange,
    market: runtime.market,
    quote: runtime.quote,
    exchangeOptions: runtime.exchange_options,
    configFile: appConfig.configFile,
    retryPolicy: { retries: runtime.retries, baseMs: runtime.retry_base_ms },
  });
}
