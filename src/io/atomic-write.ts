import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { bootTimeMs, isProcessAlive } from './process-identity.js';

/**
 * A unique temp path beside `finalPath` (same folder, so the final rename is atomic on one filesystem):
 * `<name>.tmp-<pid>-<random>`.
 */
export function tempPathFor(finalPath: string): string {
  return join(dirname(finalPath), `${basename(finalPath)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/**
 * Writes `data` to `path` so that a reader sees either the old file or the complete new one, never a part:
 * write a temp file in the same folder, fsync it, rename it over `path`, fsync the folder. Creates the folder.
 * `data` may be a list of parts (written in order without concatenating them first).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, 'w');
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
      else for (const part of data) await writeAll(handle, part);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  syncFolder(dirname(path));
}

/** Synchronous twin of {@link writeFileAtomic}, for small files written where awaiting is not possible. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    const fd = openSync(temp, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      let written = 0;
      while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // the temp file was never created or is already gone
    }
    throw error;
  }
  syncFolder(dirname(path));
}

/**
 * Publishes a file that another writer produced at `tempPath` (for example DuckDB's COPY): fsync it, rename it
 * over `finalPath`, fsync the folder. `tempPath` must be in the same folder (use {@link tempPathFor}).
 */
export async function commitFileAtomic(tempPath: string, finalPath: string): Promise<void> {
  const handle = await open(tempPath, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tempPath, finalPath);
  syncFolder(dirname(finalPath));
}

/**
 * Removes temp files left beside `finalPath` by writers that died mid-write (see {@link isOrphanTemp}).
 * Returns the paths removed.
 */
export function removeOrphanTempFiles(finalPath: string): string[] {
  const folder = dirname(finalPath);
  const prefix = `${basename(finalPath)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !isOrphanTemp(join(folder, name))) continue;
    try {
      unlinkSync(join(folder, name));
      removed.push(join(folder, name));
    } catch {
      // another process cleaned it first
    }
  }
  return removed;
}

/** `<name>.tmp-<pid>-<hex>`, the names {@link tempPathFor} gives. */
const TEMP_NAME = /\.tmp-(\d+)-[0-9a-f]+$/;

/** A temp file written this long before the current boot is an orphan even if its pid is alive again (reused). */
const TEMP_BEFORE_BOOT_MS = 3_600_000;

/**
 * True for a temp file (named by {@link tempPathFor}) whose writer is certainly gone: its pid is dead, or the file
 * was written well before this boot (the pid now belongs to another process). A temp of a live pid written since
 * boot may be a write in progress and is never an orphan; neither is any other file.
 */
export function isOrphanTemp(path: string): boolean {
  const match = TEMP_NAME.exec(basename(path));
  if (!match) return false;
  const pid = Number(match[1]);
  if (pid !== process.pid && !isProcessAlive(pid)) return true;
  try {
    return statSync(path).mtimeMs < bootTimeMs() - TEMP_BEFORE_BOOT_MS;
  } catch {
    return false;
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.byteLength) {
    written += (await handle.write(bytes, written, bytes.byteLength - written)).bytesWritten;
  }
}

/** Makes a rename durable: fsync the folder entry. Some platforms cannot open folders; that is not an error. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // folders cannot be fsynced on every platform (Windows); the rename itself is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
