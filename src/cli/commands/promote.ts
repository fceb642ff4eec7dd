import { join } from 'node:path';
import type { RiskMode } from '../../config/runtime-config.js';
import { loadBacktestConfig } from '../../config/backtest-config.js';
import { exchangeNow } from '../../data/exchange-clock.js';
import { formatPromotionReport, promote as promoteCandidates } from '../../promote/index.js';
import { loadContext } from '../load-context.js';
import { print, printJson } from '../output.js';

export default async function promote(options: Record<string, unknown>): Promise<void> {
  const config = loadContext(options);
  const riskMode = (options.riskMode as RiskMode | undefined) ?? config.runtime.risk_mode;
  const backtestConfig = loadBacktestConfig(config.paths.backtestConfig);
  const report = await promoteCandidates({
    strategiesFile: config.paths.strategiesFile,
    candidatesFile: typeof options.source === 'string' ? options.source : join(config.paths.reportsDir, 'strategies.yml.next'),
    rules: backtestConfig.risk_modes[riskMode],
    riskMode,
    dryRun: Boolean(options.dryRun),
    now: new Date(exchangeNow(config)),
    promotionLogFile: join(config.paths.dataDir, 'logs', 'promotions.jsonl'),
  });
  if (options.json) return printJson(report);
  print(formatPromotionReport(report));
}
