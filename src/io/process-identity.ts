/**
 * Who a process is, beyond its pid: pids are reused (quickly after a reboot), so a lock or temp file that names a
 * pid alone cannot tell its writer from an unrelated process that got the same number later. On Linux the boot id
 * and the process start time (clock ticks since boot, from /proc) identify a process exactly and do not move when
 * the wall clock is stepped. Elsewhere these are undefined and callers fall back to "is the pid alive".
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { uptime } from 'node:os';

let memoBootId: string | undefined | null = null;

/** The kernel's id of the current boot (Linux), or undefined where there is none. */
export function bootId(): string | undefined {
  if (memoBootId === null) memoBootId = readText('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
  return memoBootId;
}

/** When this machine booted, in ms since the epoch (from /proc/stat on Linux, else from the uptime). */
export function bootTimeMs(): number {
  const btime = /^btime (\d+)$/m.exec(readText('/proc/stat') ?? '');
  return btime ? Number(btime[1]) * 1000 : Date.now() - uptime() * 1000;
}

/**
 * Start time of process `pid` in clock ticks since boot (field 22 of /proc/<pid>/stat), or undefined when it
 * cannot be read (no such process, not Linux). Equal ticks + equal boot id = the very same process.
 */
export function processStartTicks(pid: number): number | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) is in parentheses and may itself hold spaces or ')': split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  return Number.isFinite(ticks) ? ticks : undefined;
}

/** True when a process with this pid exists on this machine (EPERM means it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process's command line for humans: `scalp promote --dry-run` (the script name without .js). */
export function commandLine(): string {
  const script = process.argv[1] ? basename(process.argv[1]).replace(/\.(c|m)?js$/, '') : 'node';
  return [script, ...process.argv.slice(2)].join(' ');
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
