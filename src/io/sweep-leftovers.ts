import { type Dirent, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isOrphanTemp } from './atomic-write.js';
import { removeStaleLock, TAKEOVER_STALE_MS } from './lock-file.js';

/** A folder to sweep. */
export interface SweepTarget {
  readonly folder: string;
  /** Also sweep every folder below it (not symbolic links, node_modules or hidden folders). Default false. */
  readonly recursive?: boolean;
  /** Only names matching this are looked at: keeps a sweep of a shared folder (the repo root) to scalp's own files. */
  readonly only?: RegExp;
}

/** What a sweep removed. */
export interface SweptLeftovers {
  /** Temp files of writers that died mid-write (`*.tmp-<pid>-<hex>`). */
  readonly temps: string[];
  /** Lock files (and takeover markers) whose holder is gone. */
  readonly locks: string[];
}

/**
 * Removes what killed runs leave behind in `targets`: temp files of dead writers (`*.parquet.tmp-*`,
 * `*.parquet.cols.tmp-*`, `assets/details/*.tmp-*` ...), lock files whose holder is gone (dead pid, another boot, a
 * reused pid), and takeover markers older than a takeover can last. Never a temp of a live writer, never a lock of
 * a live holder, never a file that is not scalp's (a `.lock` that is not our JSON, such as yarn.lock, is kept).
 */
export async function sweepLeftovers(targets: readonly SweepTarget[]): Promise<SweptLeftovers> {
  const swept: SweptLeftovers = { temps: [], locks: [] };
  const seen = new Set<string>();
  for (const target of targets) await sweepFolder(target.folder, target, swept, seen);
  return swept;
}

async function sweepFolder(folder: string, target: SweepTarget, swept: SweptLeftovers, seen: Set<string>): Promise<void> {
  if (seen.has(folder)) return;
  seen.add(folder);
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return; // a folder that does not exist (yet) has nothing to sweep
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      // Never walk into dependencies or hidden folders (.git), even when a data folder is set to the repo root.
      if (target.recursive && entry.name !== 'node_modules' && !entry.name.startsWith('.')) await sweepFolder(path, target, swept, seen);
      continue;
    }
    if (!entry.isFile() || (target.only && !target.only.test(entry.name))) continue;
    if (isOrphanTemp(path)) {
      if (removeFile(path)) swept.temps.push(path);
    } else if (entry.name.endsWith('.lock')) {
      if (await removeStaleLock(path)) swept.locks.push(path);
    } else if (entry.name.endsWith('.lock.takeover') && isOlderThan(path, TAKEOVER_STALE_MS)) {
      if (removeFile(path)) swept.locks.push(path);
    }
  }
}

function isOlderThan(path: string, ageMs: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ageMs;
  } catch {
    return false;
  }
}

function removeFile(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false; // another process swept it first
  }
}
