import { Option, type Command } from 'commander';
import { MAX_LOOP_SECONDS, WORKERS_PER_CORE_CAP } from '../config/runtime-config.js';
import { runMain } from './run-main.js';

type Action = (options: Record<string, unknown>) => Promise<number | void>;

const PAIRS_HELP =
  'comma list of ccxt symbols: BTC/USDT,ETH/USDT on spot (BTCUSDT works too), BTC/USDT:USDT for a USDT perpetual ' +
  '(runtime.market: swap; BTCUSDT_PERP is only its folder name)';
const WORKERS_HELP = `worker threads, at most ${WORKERS_PER_CORE_CAP} x cores (default: runtime.workers, 0 = one per core)`;
const HOST_HELP = 'interface to listen on (default: runtime.html_host, 127.0.0.1 = this machine only; 0.0.0.0 = every network interface)';
const AUTH_HELP =
  '\nSet SCALP_ACCESS_TOKEN (16+ characters) or SCALP_BASIC_AUTH=user:pass to require a login; with a public tunnel and\n' +
  'neither set, a random token is generated and printed once. After 10 wrong logins in a minute a client gets 429.';

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
    .command('run')
    .description('the research loop: serve the dashboard, then watchlist -> backfill -> backtest -> promote -> render every loop_seconds')
    .option('--once', 'run one cycle and exit (for cron); no server')
    .option('--workers <n>', `backtest ${WORKERS_HELP}`)
    .option('--port <n>', 'dashboard port, 1-65535 (default: runtime.html_port)')
    .option('--host <address>', HOST_HELP)
    .option('--no-tunnel', 'never open an ngrok tunnel')
    .addHelpText(
      'after',
      '\nA lock file (data/scalp.lock) keeps two loops from running at once; a lock left by a dead process is taken over.\n' +
        'Ctrl-C (SIGINT) or SIGTERM finishes the current step, renders the dashboard and releases the lock.\n' +
        `config/strategies.yml, the JSON configs and every candle file are checked before the loop starts; loop_seconds is at most ${MAX_LOOP_SECONDS}.` +
        AUTH_HELP,
    )
    .action(lazy(() => import('./commands/run.js')));

  program
    .command('watchlist')
    .description('refresh the watchlist: top pairs by 24h quote volume (USDT quote, no stablecoins or leveraged tokens)')
    .option('--json', 'print the watchlist as JSON')
    .addHelpText('after', '\nWrites data/watchlist.json and appends the refresh to data/watchlist_history.jsonl.')
    .action(lazy(() => import('./commands/watchlist.js')));

  program
    .command('backfill')
    .description('fetch missing candles into data/ohlcv/<PAIR>/<TF>.parquet (incremental, gap-aware)')
    .option('--pairs <list>', `${PAIRS_HELP}; default: the watchlist`)
    .option('--tfs <list>', 'comma list of timeframes from runtime.tf_list (1m,5m,15m); default: all of runtime.tf_list')
    .option('--json', 'print the per pair x tf reports as JSON')
    .addHelpText(
      'after',
      '\nFirst run fetches runtime.backfill_limit candles back; later runs only what came after the last stored candle.\n' +
        'Gaps are re-fetched once; a gap the exchange really has stays a gap (never forward-filled).\n' +
        'Exit code 1 when some pairs failed (the others are still written).',
    )
    .action(lazy(() => import('./commands/backfill.js')));

  program
    .command('backtest')
    .description('grid search + walk-forward + Monte Carlo + Deflated Sharpe + grade for every pair x tf x strategy')
    .option('--from-watchlist', 'pairs from the watchlist (the default when --pairs is not given)')
    .option('--pairs <list>', PAIRS_HELP)
    .option('--tfs <list>', 'comma list of timeframes from runtime.tf_list (default: all of runtime.tf_list)')
    .option('--strategies <list>', 'comma list of strategy ids from entries_config.json (default: every enabled one; an unknown id prints the known ones)')
    .option('--workers <n>', WORKERS_HELP)
    .option('--json', 'print the run summary as JSON')
    .addHelpText(
      'after',
      '\nWrites reports/summary.json, reports/strategies.yml.next, reports/details/ and the results DB (data/results.duckdb).\n' +
        'A result whose inputs (candles, strategy, grid, config, code version) did not change is reused, not recomputed.\n' +
        'Every candle file is read before the run starts: a corrupt one stops it with exit 3 (scalp backfill rebuilds it).',
    )
    .action(lazy(() => import('./commands/backtest.js')));

  program
    .command('promote')
    .description('apply the risk_mode rules to the last backtest candidates and update config/strategies.yml')
    .option('--source <file>', 'candidates file (default: <reports_dir>/strategies.yml.next)')
    .addOption(new Option('--risk-mode <mode>', 'override runtime.risk_mode').choices(['conservative', 'balanced', 'aggressive']))
    .option('--dry-run', 'show what would change; write nothing')
    .option('--json', 'print the promotion report as JSON')
    .addHelpText('after', '\nExpired entries are removed; the previous file is kept as strategies.yml.bak-<time>.')
    .action(lazy(() => import('./commands/promote.js')));

  program
    .command('status')
    .description('pair x timeframe states: MIS (no data), OLD (stale), DAT (fresh, no strategy), OK (fresh + active strategy)')
    .option('--json', 'machine-readable output')
    .action(lazy(() => import('./commands/status.js')));

  program
    .command('forward')
    .description('the forward (paper) record of every active strategy since its promotion, its verdict, and the recent demotions')
    .option('--days <n>', 'show demotions of the last N days (default 7)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nThe loop paper-trades every promoted strategy on the candles that arrive after its promotion and compares\n' +
        'the record with what the backtest promised: wait (too few bars to tell), keep, stale (candles stopped\n' +
        'arriving), or demote (it left strategies.yml; the reason is in data/logs/demotions.jsonl).')
    .action(lazy(() => import('./commands/forward.js')));

  program
    .command('render')
    .description('render dashboard.html (and its assets) from what is on disk')
    .action(lazy(() => import('./commands/render.js')));

  program
    .command('serve')
    .description('serve the dashboard over HTTP (and an ngrok tunnel when NGROK_AUTHTOKEN is set) until Ctrl-C')
    .option('--port <n>', 'port, 1-65535 (default: runtime.html_port)')
    .option('--host <address>', HOST_HELP)
    .option('--no-tunnel', 'never open an ngrok tunnel')
    .addHelpText('after', '\nOnly dashboard.html, dashboard_url.txt and assets/ are served. 127.0.0.1 (the default) is enough for the ngrok\n' +
        `tunnel; --host 0.0.0.0 is only for other devices on your network.${AUTH_HELP}`)
    .action(lazy(() => import('./commands/serve.js')));
}
