/**
 * The forward step of a cycle (after backfill): every active strategy is paper-traded by the same engine, costs and
 * intrabar policy on the candles that arrived after its promotion, judged against what its walk-forward record
 * promised (research/forward-verdict.ts), stored in the results DB (forward_bars / forward_trades) and summarised in
 * strategies.yml; a drifting one is demoted. Recomputed from the stored candles every cycle, so a kill mid-step
 * loses nothing: the next cycle measures the same record again.
 */
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import type { ForwardEntry, ForwardFile } from '../config/forward-file.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import type { ActiveStrategy, ForwardSummary } from '../config/strategies-file.js';
import { describeError } from '../core/errors.js';
import { timeframeMs } from '../core/timeframe.js';
import type { Candles } from '../core/candles.js';
import { ohlcvPath, readCandles } from '../data/ohlcv-store.js';
import { openResultsDb, resultsDbPath, type ResultsDb } from '../data/results-db.js';
import { applyForwardResults, demotionLogPath, promotionKey, readActiveSet, type ForwardResult } from '../promote/index.js';
import { forwardRecord, forwardVerdict, type ForwardRecord } from '../research/index.js';
import { getStrategy } from '../strategies/index.js';
import type { StepOutcome } from './cycle-step.js';
import { promotionLogPath } from './promote-step.js';
import { withResultsLock } from './results-lock.js';

interface Measured {
  entry: ActiveStrategy;
  result: ForwardResult;
  record?: ForwardRecord;
}

const MAX_CHART_POINTS = 300;

/** The dashboard's view of one forward record: every k-th bar's equity (the last one always kept). */
function chartEntry({ entry, result, record }: Measured): ForwardEntry {
  const equity = record?.equity ?? new Float64Array(0);
  const stride = Math.max(1, Math.ceil(equity.length / MAX_CHART_POINTS));
  const bars: number[] = [];
  for (let i = 0; i < equity.length; i += stride) bars.push(i);
  if (equity.length > 0 && bars.at(-1) !== equity.length - 1) bars.push(equity.length - 1);
  return {
    promotion: result.key, pair: entry.pair, tf: entry.tf, strategy: entry.strategy, promoted_at: entry.promoted_at,
    verdict: result.forward.verdict, reasons: result.forward.reasons, bars, equity: bars.map((i) => Number(equity[i].toPrecision(8))),
    promise: entry.promise ? { mean_return: entry.promise.mean_return, std_return: entry.promise.std_return } : null,
  };
}

function summaryOf(entry: ActiveStrategy, now: Date, record: ForwardRecord | undefined, judged: Pick<ForwardSummary, 'verdict' | 'reasons' | 'psr'>): ForwardSummary {
  return {
    since: entry.promoted_at, checked_at: now.toISOString(), bars: record?.times.length ?? 0, trades: record?.trades.length ?? 0,
    net_return: record?.netReturn ?? 0, sharpe: record?.sharpe ?? 0, mdd: record?.maxDrawdown ?? 0, ...judged,
  };
}

/** The verdict of one record: unjudged without a promise, else forwardVerdict at the risk mode's alpha. */
function judge(entry: ActiveStrategy, record: ForwardRecord, alpha: number): Pick<ForwardSummary, 'verdict' | 'reasons' | 'psr'> {
  const promise = entry.promise;
  if (!promise || !(promise.std_return > 0)) return { verdict: 'unjudged', reasons: ['promoted without a recorded promise (before forward testing): it only expires'], psr: null };
  const verdict = forwardVerdict({
    expected: { meanReturn: promise.mean_return, stdReturn: promise.std_return, sharpe: promise.sharpe, skewness: promise.skewness, kurtosis: promise.kurtosis },
    forward: record.returns, alpha,
  });
  const psr = verdict.psr === null ? null : Math.min(1, Math.max(0, verdict.psr));
  return { verdict: verdict.action, reasons: verdict.reasons, psr };
}

/** Stale when the last candle is older than age_mult candles: not judged (no data is not bad data). */
function staleReason(candles: Candles, entry: ActiveStrategy, config: AppConfig, now: Date): string | undefined {
  const last = candles.timestamp[candles.timestamp.length - 1];
  const limit = config.runtime.age_mult * timeframeMs(entry.tf);
  if (last === undefined || now.getTime() - last <= limit) return undefined;
  return `its candles stopped arriving (last one opened ${Math.round((now.getTime() - last) / 60_000)} min ago); not judged until backfill catches up`;
}

/**
 * Why the strategy itself cannot be run (a user module deleted or broken while being edited), or undefined. That
 * is not evidence against the strategy: it is left unjudged (it still expires), not demoted.
 */
function unknownStrategyReason(id: string): string | undefined {
  try {
    getStrategy(id);
    return undefined;
  } catch (error) {
    return `not judged: ${describeError(error)}`;
  }
}

async function measure(entry: ActiveStrategy, config: AppConfig, alpha: number, now: Date): Promise<Measured> {
  const key = promotionKey(entry);
  const candles = await readCandles(ohlcvPath(config.paths.dataDir, entry.pair, entry.tf));
  const missing = unknownStrategyReason(entry.strategy);
  if (missing) return { entry, result: { key, forward: summaryOf(entry, now, undefined, { verdict: 'unjudged', reasons: [missing], psr: null }) } };
  let record: ForwardRecord;
  try {
    record = forwardRecord({ candles, tf: entry.tf, strategyId: entry.strategy, params: entry.params, fees: config.runtime.fees, promotedAt: Date.parse(entry.promoted_at) });
  } catch (error) {
    const reason = `its params no longer validate (${describeError(error)})`;
    return { entry, result: { key, forward: summaryOf(entry, now, undefined, { verdict: 'demote', reasons: [reason], psr: null }) } };
  }
  const stale = staleReason(candles, entry, config, now);
  const judged = stale ? { verdict: 'stale' as const, reasons: [stale], psr: null } : judge(entry, record, alpha);
  return { entry, result: { key, forward: summaryOf(entry, now, record, judged) }, record };
}

async function storeRecords(db: ResultsDb, measured: readonly Measured[]): Promise<void> {
  for (const { result, record } of measured) {
    if (record) await db.saveForward(result.key, { times: record.times, equity: record.equity }, record.trades);
  }
}

/** Measures, stores and applies the forward record of every active (unexpired) strategy. */
export async function forwardStep(config: AppConfig, backtestConfig: BacktestConfig, now: Date): Promise<StepOutcome> {
  const active = readActiveSet(config.paths.strategiesFile).filter((entry) => Date.parse(entry.expires_at) > now.getTime());
  if (active.length === 0) return { status: 'skipped', note: 'no active strategy to paper-trade' };
  const alpha = backtestConfig.risk_modes[config.runtime.risk_mode].forward_alpha;
  const measured: Measured[] = [];
  const errors: string[] = [];
  for (const entry of active) {
    try {
      measured.push(await measure(entry, config, alpha, now));
    } catch (error) {
      errors.push(`${entry.pair} ${entry.tf} ${entry.strategy}: ${describeError(error)}`);
    }
  }
  await withResultsLock(config.paths.dataDir, 'recording forward tests', async () => {
    const db = await openResultsDb(resultsDbPath(config.paths.dataDir));
    try {
      await storeRecords(db, measured);
    } finally {
      db.close();
    }
  });
  const chart: ForwardFile = { taken_at: now.toISOString(), entries: measured.map(chartEntry) };
  await writeFileAtomic(join(config.paths.reportsDir, 'forward.json'), `${JSON.stringify(chart)}\n`);
  const report = await applyForwardResults({
    strategiesFile: config.paths.strategiesFile, results: measured.map((m) => m.result), riskMode: config.runtime.risk_mode, now,
    demotionLogFile: demotionLogPath(config.paths.dataDir), promotionLogFile: promotionLogPath(config.paths.dataDir),
  });
  const verdicts = measured.map((m) => m.result.forward.verdict);
  const count = (verdict: string) => verdicts.filter((v) => v === verdict).length;
  return {
    counts: { active: active.length, keep: count('keep'), wait: count('wait'), stale: count('stale'), unjudged: count('unjudged'), demoted: report.demoted.length },
    errors,
    warnings: report.demoted.map((entry) => `demoted ${entry.pair} ${entry.tf} ${entry.strategy}: ${(entry.forward?.reasons ?? []).join('; ')}`),
  };
}
