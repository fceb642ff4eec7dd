import type { AppConfig } from '../config/app-config.js';
import { createCcxtExchange } from './ccxt-exchange.js';
import type { Exchange } from './exchange.js';
import { createSimExchange } from './sim-exchange.js';

/** The exchange named by `runtime.exchange`: the built-in simulated one for 'sim', otherwise a ccxt client. */
export function createExchange(appConfig: AppConfig): Exchange {
  const runtime = appConfig.runtime;
  if (runtime.exchange === 'sim') return createSimExchange(appConfig.sim);
  return createCcxtExchange({
    id: runtime.exchange,
    market: runtime.market,
    quote: runtime.quote,
    exchangeOptions: runtime.exchange_options,
    configFile: appConfig.configFile,
  });
}
