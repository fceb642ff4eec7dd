import { loadAppConfig, type AppConfig } from '../config/app-config.js';

/** Loads the config named by the global --config flag (validated before anything is written). */
export function loadContext(options: Record<string, unknown>): AppConfig {
  const config = loadAppConfig(typeof options.config === 'string' ? options.config : undefined);
  if (config.usingDefaults) {
    // An empty file is valid, but it is more often a mistake (wrong --config, a truncated copy) than a choice.
    const { exchange, market, tf_list: tfList, topN } = config.runtime;
    process.stderr.write(
      `scalp: ${config.configFile} is empty: running on the built-in defaults (exchange ${exchange}, market ${market}, ` +
        `tf_list ${tfList.join(',')}, topN ${topN}); add a runtime: block to change them (see the shipped config/config.yaml)\n`,
    );
  }
  if (config.runtime.exec_enabled) {
    process.stderr.write('scalp: runtime.exec_enabled is true, but scalp never sends orders; it is a research tool and ignores this flag.\n');
  }
  return config;
}

/** 'SIMULATED DATA' marker for every human output that shows simulated candles. */
export function simulatedBanner(simulated: boolean): string {
  return simulated ? '[SIMULATED DATA: candles from the simulated exchange, not a real market]' : '';
}
