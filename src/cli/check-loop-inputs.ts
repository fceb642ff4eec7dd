import type { AppConfig } from '../config/app-config.js';
import { loadBacktestConfig } from '../config/backtest-config.js';
import { loadStrategyLibrary } from '../loop/strategy-library.js';
import { readActiveSet } from '../promote/index.js';
import { assertCandleFilesReadable, storedCandleFiles } from './check-candle-files.js';

/**
 * Everything the loop reads on every cycle, read once before it starts: a typo in strategies.yml or the JSON
 * configs stops `scalp run` at once with its one message (exit 2) instead of failing each step of every cycle,
 * and a corrupt candle file stops it with exit 3. User strategy modules are loaded to check entries_config.json
 * against them; a broken module does not stop the loop (the backtest step reports it and the run exits 1).
 */
export async function checkLoopInputs(config: AppConfig): Promise<void> {
  const { paths, runtime } = config;
  readActiveSet(paths.strategiesFile);
  loadBacktestConfig(paths.backtestConfig);
  await loadStrategyLibrary(config, { gate: false });
  await assertCandleFilesReadable(storedCandleFiles(paths.dataDir, runtime.tf_list));
}
