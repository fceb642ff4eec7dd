import type { ActiveStrategy, Candidate } from '../config/strategies-file.js';
import type { ActiveSetDiff, OutrankedCandidate, RejectedCandidate } from './merge-active-set.js';

/** What one `scalp promote` did (or, in a dry run, would do). */
export interface PromotionReport {
  /** ISO time of the promotion (the `now` it ran with). */
  at: string;
  /** run_id of the candidates file. */
  runId: string;
  riskMode: string;
  dryRun: boolean;
  strategiesFile: string;
  diff: ActiveSetDiff;
  rejected: RejectedCandidate[];
  outranked: OutrankedCandidate[];
  /** The active set after the promotion (what was written, or would be). */
  next: ActiveStrategy[];
  /** True when strategies.yml was rewritten (false in a dry run and when nothing changed). */
  written: boolean;
  backupFile?: string;
  /** The promotion log the run was appended to (absent in a dry run or when no log file was given). */
  logFile?: string;
}

/** "3h", "2d 4h", "45m": a duration for humans, rounded to what matters at that size. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  if (hours <= 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

function expiryText(entry: ActiveStrategy, atMs: number): string {
  const left = Date.parse(entry.expires_at) - atMs;
  return left > 0 ? `expires in ${formatDuration(left)}` : `expired ${formatDuration(left)} ago`;
}

interface Row {
  mark: string;
  action: string;
  pair: string;
  tf: string;
  what: string;
  tail: string;
}

const describe = (entry: ActiveStrategy | Candidate): string => `${entry.strategy}  grade ${entry.grade}  ${entry.score.toFixed(1)}`;

function rowsOf(report: PromotionReport): Row[] {
  const atMs = Date.parse(report.at);
  const row = (mark: string, action: string, entry: ActiveStrategy | Candidate, what: string, tail: string): Row => ({
    mark, action, pair: entry.pair, tf: entry.tf, what, tail,
  });
  return [
    ...report.diff.added.map((entry) => row('+', 'added', entry, describe(entry), expiryText(entry, atMs))),
    ...report.diff.replaced.map(({ from, to }) =>
      row('~', 'replaced', to, `${describe(from)} -> ${describe(to)}`, expiryText(to, atMs))),
    ...report.diff.expired.map((entry) => row('-', 'expired', entry, describe(entry), expiryText(entry, atMs))),
    ...report.diff.kept.map((entry) => row('=', 'kept', entry, describe(entry), expiryText(entry, atMs))),
    ...report.outranked.map(({ candidate, reason }) => row('.', 'outranked', candidate, describe(candidate), reason)),
    ...report.rejected.map(({ candidate, failures }) =>
      row('x', 'rejected', candidate, describe(candidate), `: ${failures.map((failure) => failure.message).join('; ')}`)),
  ];
}

/**
 * The promotion as a readable diff for the terminal, one line per strategy:
 * `+ added     BTC/USDT  5m   bollinger_mr  grade B  82.1  expires in 48h`, then `~ replaced`, `- expired`,
 * `= kept`, `. outranked` (passed but beaten) and `x rejected ... : grade D below the balanced minimum C; ...`,
 * under a summary line that says whether the file was written.
 */
export function formatPromotionReport(report: PromotionReport): string {
  const { diff } = report;
  const counts = `${diff.added.length} added, ${diff.replaced.length} replaced, ${diff.expired.length} expired, ` +
    `${diff.kept.length} kept, ${report.rejected.length} rejected`;
  const outcome = report.dryRun
    ? 'dry run: nothing written'
    : report.written
      ? `wrote ${report.strategiesFile}${report.backupFile ? ` (previous version in ${report.backupFile})` : ''}`
      : `${report.strategiesFile} unchanged`;
  const lines = [`promote ${report.riskMode} from run ${report.runId}: ${counts}; ${outcome}`];
  const rows = rowsOf(report);
  const width = (pick: (row: Row) => string): number => Math.max(0, ...rows.map((row) => pick(row).length));
  const [actionWidth, pairWidth, tfWidth] = [width((r) => r.action), width((r) => r.pair), width((r) => r.tf)];
  for (const row of rows) {
    const head = `${row.mark} ${row.action.padEnd(actionWidth)}  ${row.pair.padEnd(pairWidth)}  ${row.tf.padEnd(tfWidth)}  ${row.what}`;
    lines.push(row.tail.startsWith(':') ? `${head} ${row.tail}` : `${head}  ${row.tail}`);
  }
  if (rows.length === 0) lines.push('  (no active strategies and no candidates)');
  return lines.join('\n');
}
