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
    await runMain(async () => (await load()).default({ ...command.optsWithGlobals(), args: command.args }));
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
    .option('--queue <url>', 'research the candidates on the `scalp worker`s of this Redis queue (redis://host:port[/db]; default: runtime.queue)')
    .option('--no-queue', 'use this machine\'s worker threads even when runtime.queue is set')
    .option('--json', 'print the run summary as JSON')
    .addHelpText(
      'after',
      '\nWrites reports/summary.json, reports/strategies.yml.next, reports/details/ and the results DB (data/results.duckdb).\n' +
        'A result whose inputs (candles, strategy, grid, config, code version) did not change is reused, not recomputed.\n' +
        'Every candle file is read before the run starts: a corrupt one stops it with exit 3 (scalp backfill rebuilds it).\n' +
        'With a queue, an unreachable Redis stops the run with exit 4 before anything is written; a Redis lost mid-run is\n' +
        'waited for (SCALP_QUEUE_LOST_MS, default 60 s), then the run stops with exit 4 and writes nothing.',
    )
    .action(lazy(() => import('./commands/backtest.js')));

  program
    .command('worker')
    .description('research worker: take candidate jobs from the research queue (BullMQ on Redis) until Ctrl-C')
    .option('--queue <url>', 'the queue\'s Redis: redis://host:port[/db] (default: runtime.queue of --config)')
    .option('--concurrency <n>', `candidates researched at once, one worker thread each, at most ${WORKERS_PER_CORE_CAP} x cores (default: one per core); while candidates take under a second the worker holds one job more, ready for the first thread that frees`)
    .addHelpText(
      'after',
      '\nStart one on every machine (same scalp build), then run scalp backtest --queue URL (or scalp run with runtime.queue)\n' +
        'where the data is: series and user strategy modules come through Redis, so no shared data_dir is needed. Results are\n' +
        'written by the coordinator only. Ctrl-C (SIGINT) or SIGTERM stops taking jobs and finishes the ones it holds;\n' +
        'a killed worker\'s job is taken over by another once its lock expires (SCALP_QUEUE_LOCK_MS, default 30000).\n' +
        'Exit 4 when Redis cannot be reached.',
    )
    .action(lazy(() => import('./commands/worker.js')));

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
    .command('import')
    .description('import candles you already have (CSV or Parquet: exchange dumps, other tools) into data/ohlcv/<PAIR>/<TF>.parquet')
    .argument('<files...>', 'CSV or Parquet files of one pair and timeframe (any order; overlaps are merged)')
    .option('--pair <symbol>', 'the pair: BTC/USDT on spot (BTCUSDT works too), BTC/USDT:USDT for a USDT perpetual')
    .option('--tf <timeframe>', 'the candles\' timeframe: 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h or 1d')
    .addOption(new Option('--market <market>', 'spot or swap (default: runtime.market)').choices(['spot', 'swap']))
    .addOption(new Option('--format <format>', 'file format (default: by extension)').choices(['auto', 'csv', 'parquet']))
    .option('--columns <map>', 'column names or 1-based positions when the header differs: timestamp=open_time,volume="Volume BTC"')
    .addOption(new Option('--time-unit <unit>', 'timestamp unit (default: auto: s, ms, us or ns by size; ISO text)').choices(['auto', 'ms', 's', 'us', 'ns', 'iso']))
    .option('--no-header', 'the first row is a candle (columns in the order timestamp,open,high,low,close,volume unless --columns)')
    .option('--json', 'print the import report as JSON')
    .addHelpText(
      'after',
      '\nEvery file is read and checked before anything is written: timestamps on the --tf grid (UTC), the spacing matching\n' +
        '--tf, rows sorted and de-duplicated. Candles with a price <= 0, a high below open and close, a low above them or a\n' +
        'negative volume are refused and recorded in data/manifest.json (never stored), as backfill does; gaps are recorded.\n' +
        'Imported series are real market data (never labelled SIMULATED); with runtime.exchange: none the loop runs on them alone.',
    )
    .action(lazy(() => import('./commands/import.js')));

  program
    .command('strategies')
    .description('list the built-in and user strategies: family, sides, grid size, source and lookahead-gate status')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nUser strategies are the modules of runtime.strategies_dir (.mjs, .js, .ts); scalp new-strategy NAME writes a starter.')
    .action(lazy(() => import('./commands/strategies.js')));

  program
    .command('new-strategy')
    .description('write a commented starter strategy NAME.mjs (and its test NAME.test.mjs) into runtime.strategies_dir')
    .argument('<name>', 'the strategy id: lower-case letters, digits and _')
    .option('--ts', 'write NAME.ts (TypeScript, transpiled when loaded) instead of NAME.mjs')
    .action(lazy(() => import('./commands/new-strategy.js')));

  program
    .command('check-strategy')
    .description('run the lookahead gate on a strategy (user or built-in): prefix, perturbed-future and warm-up tests')
    .argument('<id>', 'strategy id (scalp strategies lists them)')
    .option('--pairs <list>', `${PAIRS_HELP}; default: every stored pair`)
    .option('--tfs <list>', 'comma list of timeframes from runtime.tf_list (default: all of runtime.tf_list)')
    .option('--json', 'print the verdict as JSON')
    .addHelpText(
      'after',
      '\nRuns on up to two stored series and a synthetic random walk. Exit 0: passed; 7: refused (the message names the test,\n' +
        'the first bar that differs and the output); 2: unknown id or a module that does not load. scalp backtest and\n' +
        'scalp run gate every user strategy automatically (verdicts cached by module hash in data/cache/lookahead/).',
    )
    .action(lazy(() => import('./commands/check-strategy.js')));

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
