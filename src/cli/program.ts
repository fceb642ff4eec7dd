import { Option, type Command } from 'commander';
import { runMain } from './run-main.js';

type Action = (options: Record<string, unknown>) => Promise<number | void>;

/** Wraps a lazily imported command so `scalp --help` stays fast and errors go through runMain. */
function lazy(load: () => Promise<{ default: Action }>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    await runMain(async () => (await load()).default(command.optsWithGlobals()));
  };
}

/** Every command, its flags and its help text. */
export function registerCommands(program: Command): void {
  program
    .command('watchlist')
    .description('refresh the watchlist: top pairs by 24h quote volume (USDT quote, no stablecoins or leveraged tokens)')
    .option('--json', 'print the watchlist as JSON')
    .addHelpText('after', '\nWrites data/watchlist.json and appends the refresh to data/watchlist_history.jsonl.')
    .action(lazy(() => import('./commands/watchlist.js')));

  program
    .command('backfill')
    .description('fetch missing candles into data/ohlcv/<PAIR>/<TF>.parquet (incremental, gap-aware)')
    .option('--pairs <list>', 'comma list of pairs (BTC/USDT,ETH/USDT); default: the watchlist')
    .option('--tfs <list>', 'comma list of timeframes (1m,5m,15m); default: runtime.tf_list')
    .option('--json', 'print the per pair x tf reports as JSON')
    .addHelpText(
      'after',
      '\nFirst run fetches runtime.backfill_limit candles back; later runs only what came after the last stored candle.\n' +
        'Gaps are re-fetched once; a gap the exchange really has stays a gap (never forward-filled).\n' +
        'Exit code 1 when some pairs failed (the others are still written).',
    )
    .action(lazy(() => import('./commands/backfill.js')));

  program
    .command('status')
    .description('pair x timeframe states: MIS (no data), OLD (stale), DAT (fresh, no strategy), OK (fresh + active strategy)')
    .option('--json', 'machine-readable output')
    .action(lazy(() => import('./commands/status.js')));

  program
    .command('promote')
    .description('apply the risk_mode rules to the last backtest candidates and update config/strategies.yml')
    .option('--source <file>', 'candidates file (default: <reports_dir>/strategies.yml.next)')
    .addOption(new Option('--risk-mode <mode>', 'override runtime.risk_mode').choices(['conservative', 'balanced', 'aggressive']))
    .option('--dry-run', 'show what would change; write nothing')
    .option('--json', 'print the promotion report as JSON')
    .addHelpText('after', '\nExpired entries are removed; the previous file is kept as strategies.yml.bak-<time>.')
    .action(lazy(() => import('./commands/promote.js')));
}
