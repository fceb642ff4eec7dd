import { dirname, resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { ConfigFileSchema, workersOverCap, type RuntimeSettings, type SimSettings } from './runtime-config.js';
import { parseConfigText, readConfigText, validateConfig } from './load-file.js';

/** The loaded config.yaml with every path resolved against the config file's folder. */
export interface AppConfig {
  readonly configFile: string;
  readonly configDir: string;
  readonly runtime: RuntimeSettings;
  readonly sim: SimSettings;
  /** True when the file holds no settings at all (empty, or comments only): every value is a default. */
  readonly usingDefaults: boolean;
  readonly paths: {
    readonly dataDir: string;
    readonly reportsDir: string;
    readonly dashboardDir: string;
    readonly strategiesFile: string;
    readonly backtestConfig: string;
    readonly entriesConfig: string;
    /** Folder of user strategy modules (runtime.strategies_dir). */
    readonly strategiesDir: string;
  };
}

export const DEFAULT_CONFIG_FILE = 'config/config.yaml';

export function loadAppConfig(configFile: string = DEFAULT_CONFIG_FILE): AppConfig {
  const file = resolve(configFile);
  const raw = parseConfigText(file, readConfigText(file));
  const parsed = validateConfig(file, ConfigFileSchema, raw);
  const configDir = dirname(file);
  const at = (path: string) => resolve(configDir, path);
  const runtime = parsed.runtime;
  // The cap depends on this machine's cores, so it cannot live in the (static) schema.
  const tooManyWorkers = workersOverCap(runtime.workers);
  if (tooManyWorkers) throw new ConfigError(file, 'runtime.workers', `${tooManyWorkers}, or 0 for one per core`);
  return {
    configFile: file,
    configDir,
    runtime,
    sim: parsed.sim,
    usingDefaults: typeof raw === 'object' && raw !== null && Object.keys(raw).length === 0,
    paths: {
      dataDir: at(runtime.data_dir),
      reportsDir: at(runtime.reports_dir),
      dashboardDir: at(runtime.dashboard_dir),
      strategiesFile: at(runtime.strategies_file),
      backtestConfig: at(runtime.backtest_config),
      entriesConfig: at(runtime.entries_config),
      strategiesDir: at(runtime.strategies_dir),
    },
  };
}
