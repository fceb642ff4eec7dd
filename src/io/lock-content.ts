import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { bootId, bootTimeMs, commandLine, isProcessAlive, processStartTicks } from './process-identity.js';

/**
 * What a lock file holds (JSON, snake_case: a file contract): who took it, when, and what it is doing.
 * `token` tells our own lock apart from a later holder's; `boot_id` + `process_start_ticks` tell the holder apart
 * from an unrelated process that got the same pid later (Linux only; absent elsewhere and in older locks).
 */
export interface LockContent {
  readonly pid: number;
  /** When the lock was taken (ISO). */
  readonly started_at: string;
  readonly host: string;
  readonly token?: string;
  readonly boot_id?: string;
  readonly process_start_ticks?: number;
  /** The holder's command line, e.g. `scalp run --once`. */
  readonly command?: string;
  /** What the holder is doing under the lock, e.g. `running the backtest step of a cycle`. */
  readonly activity?: string;
}

/** An old-format lock (pid only) written this long before the current boot cannot belong to a live process. */
const BEFORE_BOOT_SLACK_MS = 60_000;

/** The content of a lock this process takes now. */
export function lockContentForThisProcess(activity?: string): LockContent {
  const ticks = processStartTicks(process.pid);
  const boot = bootId();
  return {
    pid: process.pid,
    started_at: new Date().toISOString(),
    host: hostname(),
    token: randomBytes(8).toString('hex'),
    ...(boot ? { boot_id: boot } : {}),
    ...(ticks !== undefined ? { process_start_ticks: ticks } : {}),
    command: commandLine(),
    ...(activity ? { activity } : {}),
  };
}

/** Reads a lock file: its content, 'missing', or 'garbage' when it cannot be parsed. */
export async function readLock(lockFile: string): Promise<LockContent | 'missing' | 'garbage'> {
  let text: string;
  try {
    text = await readFile(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  return parseLock(text);
}

function parseLock(text: string): LockContent | 'garbage' {
  let parsed: Partial<Record<keyof LockContent, unknown>>;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return 'garbage';
  }
  if (typeof parsed !== 'object' || parsed === null) return 'garbage';
  const { pid, token, boot_id: boot, process_start_ticks: ticks, command, activity } = parsed;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return 'garbage';
  return {
    pid,
    started_at: String(parsed.started_at),
    host: String(parsed.host),
    ...(typeof token === 'string' ? { token } : {}),
    ...(typeof boot === 'string' ? { boot_id: boot } : {}),
    ...(typeof ticks === 'number' ? { process_start_ticks: ticks } : {}),
    ...(typeof command === 'string' ? { command } : {}),
    ...(typeof activity === 'string' ? { activity } : {}),
  };
}

/**
 * True when the holder of `lockFile` is certainly gone: on this host, and written during another boot, or its pid
 * is dead, or its pid now belongs to a process that started at another time (the pid was reused). A holder on
 * another host cannot be checked and counts as alive.
 */
export async function isStaleHolder(lockFile: string, holder: LockContent): Promise<boolean> {
  if (holder.host !== hostname()) return false;
  const currentBoot = bootId();
  if (holder.boot_id !== undefined && currentBoot !== undefined && holder.boot_id !== currentBoot) return true;
  if (!isProcessAlive(holder.pid)) return true;
  if (holder.process_start_ticks !== undefined) {
    const ticks = processStartTicks(holder.pid);
    return ticks !== undefined && ticks !== holder.process_start_ticks;
  }
  // An old-format lock names a pid only: if its file predates this boot, whoever lives at that pid now is unrelated.
  if (holder.boot_id !== undefined) return false;
  const modified = await stat(lockFile).then((stats) => stats.mtimeMs, () => undefined);
  return modified !== undefined && modified < bootTimeMs() - BEFORE_BOOT_SLACK_MS;
}

/** Same lock taking (not only same pid): pid, start and token all equal. */
export function sameHolder(a: LockContent, b: LockContent): boolean {
  return a.pid === b.pid && a.started_at === b.started_at && a.token === b.token;
}

/** `` `scalp run --once`, running the backtest step of a cycle, since 2026-06-01T12:00:01.000Z `` */
export function describeHolder(holder: LockContent): string {
  const parts = [holder.command ? `\`${holder.command}\`` : undefined, holder.activity, `since ${holder.started_at}`];
  return parts.filter((part) => part !== undefined).join(', ');
}
