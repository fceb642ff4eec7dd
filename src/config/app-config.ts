import { dirname, resolve } from 'node:path';
import { ConfigFileSchema, type RuntimeSettings, type SimSettings } from './runtime-config.js';
import { loadConfigFile } from './load-file.js';

/** The loaded config.yaml with every path resolved against the config file's folder. */
export interface AppConfig {
  readonly configFile: string;
  readonly configDir: string;
  readonly runtime: RuntimeSettings;
  readonly sim: SimSettings;
  readonly paths: {
    readonly dataDir: string;
    readonly reportsDir: string;
    readonly dashboardDir: string;
    readonly strategiesFile: string;
    readonly backtestConfig: string;
    readonly entriesConfig: string;
  };
}

export const DEFAULT_CONFIG_FILE = 'config/config.yaml';

export function loadAppConfig(configFile: string = DEFAULT_CONFIG_FILE): AppConfig {
  const file = resolve(configFile);
  const parsed = loadConfigFile(file, ConfigFileSchema);
  const configDir = dirname(file);
  const at = (path: string) => resolve(configDir, path);
  const runtime = parsed.runtime;
  return {
    configFile: file,
    configDir,
    runtime,
    sim: parsed.sim,
    paths: {
      dataDir: at(runtime.data_dir),
      reportsDir: at(runtime.reports_dir),
      dashboardDir: at(runtime.dashboard_dir),
      strategiesFile: at(runtime.strategies_file),
      backtestConfig: at(runtime.backtest_config),
      entriesConfig: at(runtime.entries_config),
    },
  };
}
