import { exchangeNow } from '../../data/exchange-clock.js';
import { collectStatus } from '../../loop/status-report.js';
import { collectQueueStatus, type QueueStatus } from '../../workers/queue/index.js';
import { loadContext, simulatedBanner } from '../load-context.js';
import { formatAge, formatTable, print, printJson } from '../output.js';

export default async function status(options: Record<string, unknown>): Promise<void> {
  const config = loadContext(options);
  const now = exchangeNow(config);
  const report = await collectStatus(config, now);
  const queue = config.runtime.queue ? await collectQueueStatus(config.runtime.queue) : undefined;
  if (options.json) return printJson(queue ? { ...report, queue } : report);
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
  if (queue) printQueue(queue);
  for (const hint of report.hints) print(`hint: ${hint}`);
}

function printQueue(queue: QueueStatus): void {
  if (!queue.reachable) return print(`queue ${queue.url}: UNREACHABLE (${queue.error}); start Redis or fix runtime.queue`);
  print(`queue ${queue.url}: waiting ${queue.waiting}  active ${queue.active}  delayed ${queue.delayed}  failed ${queue.failed}  completed ${queue.completed}  runs waiting ${queue.runs_waiting}`);
  if (queue.workers.length === 0) print('queue workers: none connected (start one with scalp worker --queue URL)');
  else print(formatTable(['worker', 'address', 'idle'], queue.workers.map((w) => [w.name, w.address, `${w.idle_seconds}s`])));
}
