import { demotionLogPath, readActiveSet, readDemotions } from '../../promote/index.js';
import { exchangeNow } from '../../data/exchange-clock.js';
import { loadContext } from '../load-context.js';
import { formatAge, formatTable, print, printJson } from '../output.js';
import { parsePositiveInt } from '../parse-number.js';

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

/** `scalp forward`: every active entry's forward record and verdict, then the demotions of the last days. */
export default async function forward(options: Record<string, unknown>): Promise<void> {
  const config = loadContext(options);
  const now = exchangeNow(config);
  const days = typeof options.days === 'string' ? parsePositiveInt(options.days, '--days') : 7;
  const active = readActiveSet(config.paths.strategiesFile);
  const demoted = readDemotions(demotionLogPath(config.paths.dataDir)).filter((line) => now - Date.parse(line.at) <= days * 86_400_000);
  if (options.json) return printJson({ taken_at: new Date(now).toISOString(), active, demoted });
  if (active.length === 0) print('no active strategy (run scalp backtest and scalp promote, or scalp run)');
  else {
    print(formatTable(['pair', 'tf', 'strategy', 'since', 'bars', 'trades', 'return', 'mdd', 'psr', 'verdict'], active.map((entry) => {
      const f = entry.forward;
      return [
        entry.pair, entry.tf, entry.strategy, formatAge(now - Date.parse(entry.promoted_at)), String(f?.bars ?? 0), String(f?.trades ?? 0),
        f ? percent(f.net_return) : '-', f ? percent(f.mdd) : '-', f?.psr === null || f?.psr === undefined ? '-' : f.psr.toFixed(2), f?.verdict ?? 'not yet measured',
      ];
    })));
    for (const entry of active) for (const reason of entry.forward?.reasons ?? []) print(`  ${entry.pair} ${entry.tf} ${entry.strategy}: ${reason}`);
  }
  if (demoted.length > 0) {
    print(`\ndemoted in the last ${days} days:`);
    for (const line of demoted) print(`- ${line.pair} ${line.tf} ${line.strategy} ${line.at}: ${line.reasons.join('; ')}`);
  }
}
