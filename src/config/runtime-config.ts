import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { TIMEFRAMES } from '../core/timeframe.js';

export const RISK_MODES = ['conservative', 'balanced', 'aggressive'] as const;
export type RiskMode = (typeof RISK_MODES)[number];

/**
 * Longest loop_seconds: Node's timers hold at most 2^31-1 ms (about 24.8 days). A longer delay is not an error
 * to Node: it fires after 1 ms, so the loop would spin through cycles instead of sleeping.
 */
export const MAX_LOOP_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** Worker threads allowed per core: past a few per core they only add heaps (150 threads on 2 cores took 2.1 GB). */
export const WORKERS_PER_CORE_CAP = 4;

/** The most worker threads scalp will start on this machine. */
export function maxWorkers(): number {
  return WORKERS_PER_CORE_CAP * availableParallelism();
}

/** '150 is above the cap of 8 (4 x 2 cores) ...' for a worker count over {@link maxWorkers}, else undefined. */
export function workersOverCap(workers: number): string | undefined {
  const cap = maxWorkers();
  if (workers <= cap) return undefined;
  return (
    `${workers} is above the cap of ${cap} (${WORKERS_PER_CORE_CAP} x ${availableParallelism()} cores): every worker ` +
    `thread holds its own heap, so more threads than that only use memory; use at most ${cap}`
  );
}

/** Why `text` is not a queue URL (redis://host[:port][/db] or rediss://...), or undefined when it is one. */
export function queueUrlProblem(text: string): string | undefined {
  const example = 'expected redis://host:port[/db] (rediss:// for TLS), e.g. redis://127.0.0.1:6379/0';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${example}, was "${text}"`;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `${example}, was "${text}" (scheme ${url.protocol.replace(':', '')})`;
  if (url.hostname === '') return `${example}, was "${text}" (no host)`;
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) return `${example}, was "${text}" (database "${db}" is not a number 0-15)`;
  if (url.search !== '' || url.hash !== '') return `${example}, was "${text}" (no query or fragment)`;
  return undefined;
}

export const FeesSchema = z
  .object({
    taker: z.number().min(0).max(0.05).default(0.0005),
    maker: z.number().min(0).max(0.05).default(0.0002),
    slippage: z.number().min(0).max(0.05).default(0.0002),
  })
  .strict();

export const RuntimeSchema = z
  .object({
    data_dir: z.string().min(1).default('../data'),
    reports_dir: z.string().min(1).default('../reports'),
    /** Folder that receives dashboard.html, dashboard_url.txt and ngrok_url.txt. */
    dashboard_dir: z.string().min(1).default('..'),
    strategies_file: z.string().min(1).default('strategies.yml'),
    backtest_config: z.string().min(1).default('backtest_config.json'),
    entries_config: z.string().min(1).default('entries_config.json'),
    /** Folder of user strategy modules (.mjs, .js, .ts), researched like the built-ins after the lookahead gate. */
    strategies_dir: z.string().min(1).default('../strategies'),
    /**
     * Any ccxt exchange id, 'sim' for the built-in simulated exchange, or 'none' to run on the stored series alone
     * (candles brought in with `scalp import`; nothing is fetched).
     */
    exchange: z.string().min(1).default('sim'),
    market: z.enum(['spot', 'swap']).default('spot'),
    quote: z.string().min(1).default('USDT'),
    tf_list: z.array(z.enum(TIMEFRAMES)).min(1).default(['1m', '5m', '15m']),
    age_mult: z.number().positive().default(5),
    topN: z.number().int().positive().default(10),
    min_quote_volume: z.number().min(0).default(1_000_000),
    watchlist_refresh_minutes: z.number().positive().default(360),
    backfill_limit: z.number().int().positive().default(5000),
    risk_mode: z.enum(RISK_MODES).default('balanced'),
    exec_enabled: z.boolean().default(false),
    html_port: z.number().int().min(1).max(65535).default(8888),
    /** Interface the dashboard server listens on: 127.0.0.1 = this machine only (ngrok still reaches it). */
    html_host: z.string().min(1).default('127.0.0.1'),
    loop_seconds: z
      .number()
      .int()
      .positive()
      .max(MAX_LOOP_SECONDS, `expected at most ${MAX_LOOP_SECONDS} (about 24.8 days, the longest wait Node's timers allow)`)
      .default(900),
    /** Worker threads for backtests; 0 = one per core. */
    workers: z.number().int().min(0).default(0),
    csv_mirror: z.boolean().default(false),
    fees: FeesSchema.default({ taker: 0.0005, maker: 0.0002, slippage: 0.0002 }),
    /** Merged into the ccxt exchange constructor: point at a testnet, a proxy or a local server. */
    exchange_options: z.record(z.string(), z.unknown()).default({}),
    /** Network retries on timeouts, 429 and 5xx before a pair is reported as failed. */
    retries: z.number().int().min(0).max(10).default(4),
    retry_base_ms: z.number().int().min(0).default(500),
    /**
     * Redis URL of the research queue (BullMQ): set, `scalp backtest` and the loop's backtest step send their jobs to
     * the `scalp worker` processes of that queue instead of this machine's worker threads.
     */
    queue: z
      .string()
      .optional()
      .superRefine((text, context) => {
        const problem = text === undefined ? undefined : queueUrlProblem(text);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
  })
  .strict();

export const SimSchema = z
  .object({
    seed: z.number().int().default(42),
    pairs: z.number().int().min(1).max(60).default(20),
    /** Freeze the simulated clock at this instant (ISO 8601); by default "now" is the wall clock. */
    frozen_at: z.iso.datetime({ offset: true }).optional(),
    /** Candles per request, as a real exchange's page limit. */
    page_limit: z.number().int().min(10).max(5000).default(1000),
    /**
     * Bases whose market carries a planted mean-reversion edge, so the offline loop has something real to find
     * (and everything else is noise it must reject). [] for a market with no edge at all.
     */
    planted_edges: z.array(z.string().regex(/^[A-Z0-9]+$/, 'a base currency such as ADA')).default(['ADA', 'AVAX']),
    /** The planted edges end at this instant (day granularity): the forward test then sees the edge go. */
    planted_edges_until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const ConfigFileSchema = z
  .object({
    runtime: RuntimeSchema.default(RuntimeSchema.parse({})),
    sim: SimSchema.default(SimSchema.parse({})),
  })
  .strict();

export type RuntimeSettings = z.infer<typeof RuntimeSchema>;
export type SimSettings = z.infer<typeof SimSchema>;
export type ConfigFile = z.infer<typeof ConfigFileSchema>;
export type Fees = z.infer<typeof FeesSchema>;
