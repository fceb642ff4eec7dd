/**
 * Fixtures of the queue e2e tests: backfilled sim workspaces copied without results (so each run starts from the
 * same candles and an empty results DB), real `scalp worker` processes with their log lines, and the summary
 * rows a run wrote (without the run id, which differs by design).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { SCALP_BIN, createWorkspace, runScalp } from '../helpers/cli.js';

const workspaces: string[] = [];

/** Deletes every workspace this file made (afterAll). */
export function removeWorkspaces(): void {
  for (const dir of workspaces.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Two sim pairs on 5m, 2,200 candles each (one walk-forward window), backfilled. */
export async function backfilledWorkspace(): Promise<string> {
  const cwd = createWorkspace({ topN: 2, tf_list: ['5m'], backfill_limit: 2200 }, { frozen_at: '2026-06-01T12:00:00Z' });
  workspaces.push(cwd);
  const backfill = await runScalp(['backfill'], { cwd });
  expect(backfill.code, backfill.stderr).toBe(0);
  return cwd;
}

/** A copy of `base`'s config and candles (no results DB, no reports); `queue` adds runtime.queue to its config. */
export function copyWorkspace(base: string, queue?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scalp-queue-e2e-'));
  workspaces.push(dir);
  cpSync(join(base, 'config'), join(dir, 'config'), { recursive: true });
  mkdirSync(join(dir, 'data'));
  for (const name of ['ohlcv', 'manifest.json', 'watchlist.json']) cpSync(join(base, 'data', name), join(dir, 'data', name), { recursive: true });
  if (queue) {
    const file = join(dir, 'config', 'config.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('runtime:\n', `runtime:\n  queue: ${JSON.stringify(queue)}\n`));
  }
  return dir;
}

/** summary.json rows without their run id (everything else, every number, must match between runs). */
export function summaryRows(cwd: string): unknown[] {
  const summary = JSON.parse(readFileSync(join(cwd, 'reports', 'summary.json'), 'utf8')) as { rows: Record<string, unknown>[] };
  return summary.rows.map(({ run_id: _runId, ...row }) => row);
}

export function jobTimings(cwd: string): { run_id: string; queue: string; jobs: { item: string; job_id: string; worker: string; shared: boolean; run_ms: number }[] } {
  return JSON.parse(readFileSync(join(cwd, 'reports', 'job_timings.json'), 'utf8'));
}

export const hasFile = (cwd: string, path: string): boolean => existsSync(join(cwd, path));

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Every stderr line so far. */
  readonly lines: string[];
  /** Resolves with the first line (past or future) matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code once the process is gone. */
  readonly exited: Promise<number | null>;
}

/** Starts `scalp worker --queue url` in `cwd` and resolves once it takes jobs. */
export async function startWorker(cwd: string, url: string, env: NodeJS.ProcessEnv = {}, concurrency = 1): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [SCALP_BIN, 'worker', '--queue', url, '--concurrency', String(concurrency)], {
    cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let rest = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = rest + chunk.toString();
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`worker never logged ${pattern}; it logged:\n${lines.join('\n')}`)), timeoutMs);
      waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
    });
  const worker = { child, lines, waitFor, exited };
  const ready = waitFor(/scalp worker .* on redis:/);
  const died = exited.then((code) => Promise.reject(new Error(`scalp worker exited ${code} before taking jobs:\n${lines.join('\n')}`)));
  ready.catch(() => undefined);
  died.catch(() => undefined);
  await Promise.race([ready, died]);
  return worker;
}

/** SIGKILLs every worker still running (afterAll). */
export async function killWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  for (const worker of workers) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await worker.exited;
  }
}
