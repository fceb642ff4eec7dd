import { exchangeNow } from '../../data/exchange-clock.js';
import { collectStatus } from '../../loop/status-report.js';
import { loadContext, simulatedBanner } from '../load-context.js';
import { formatAge, formatTable, print, printJson } from '../output.js';

export default async function status(options: Record<string, unknown>): Promise<void> {
  const config = loadContext(options);
  const now = exchangeNow(config);
  const report = await collectStatus(config, now);
  if (options.json) return printJson(report);
  const banner = simulatedBanner(report.simulated);
  if (banner) print(banner);
  const counts = Object.entries(report.counts).map(([state, n]) => `${state} ${n}`).join('  ');
  print(`exchange ${report.exchange}  risk_mode ${report.risk_mode}  ${counts}`);
  if (report.rows.length > 0) {
    const rows = report.rows.map((r) => [
      r.pair, r.tf, r.state, r.simulated === undefined ? '' : r.simulated ? 'SIM' : 'real', r.age_ms === null ? '-' : formatAge(r.age_ms), String(r.rows), r.missing > 0 ? `${r.missing} in ${r.gaps}` : '0',
      r.strategy ? `${r.strategy} (${r.grade})` : '', r.strategy ? (r.forward ?? 'not yet') : '', r.expires_at ? formatAge(Date.parse(r.expires_at) - now) : '',
    ]);
    print(formatTable(['pair', 'tf', 'state', 'data', 'age', 'rows', 'missing', 'strategy', 'forward', 'expires in'], rows));
  }
  for (const hint of report.hints) print(`hint: ${hint}`);
}
