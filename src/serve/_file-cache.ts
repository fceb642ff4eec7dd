import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { isAllowedRelativePath, type AllowList } from './request-path.js';

const gzipAsync = promisify(gzip);
const MAX_CACHED_BYTES = 192 * 1024 * 1024;

/** One version of a served file, with its gzip form computed at most once. */
export interface CachedFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: string;
  gzipped?: Promise<Buffer>;
}

/**
 * Reads allowlisted files under `root`, keyed by real path and invalidated when mtime or size change.
 * The real path (symlinks resolved) must itself be on the allowlist inside the real root.
 */
export class FileCache {
  private readonly realRoot: string;
  private readonly entries = new Map<string, CachedFile>();
  private cachedBytes = 0;

  constructor(
    root: string,
    private readonly allow: AllowList,
  ) {
    this.realRoot = realpathSync(root);
  }

  /** The file for an already-allowlisted relative path, or undefined when missing, not a file, or escaping. */
  async get(relativePath: string): Promise<CachedFile | undefined> {
    let real: string;
    try {
      real = await realpath(join(this.realRoot, relativePath));
    } catch {
      return undefined;
    }
    const inside = relative(this.realRoot, real);
    if (inside.startsWith('..') || !isAllowedRelativePath(inside.split(sep).join('/'), this.allow)) return undefined;
    const info = await stat(real).catch(() => undefined);
    if (info === undefined || !info.isFile()) return undefined;
    const known = this.entries.get(real);
    if (known !== undefined && known.mtimeMs === info.mtimeMs && known.size === info.size) return known;
    const body = await readFile(real);
    const entry: CachedFile = {
      mtimeMs: info.mtimeMs,
      size: body.length,
      body,
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      lastModified: info.mtime.toUTCString(),
    };
    this.remember(real, entry, known);
    return entry;
  }

  /** The gzip form of an entry, compressed once per file version. */
  gzipOf(entry: CachedFile): Promise<Buffer> {
    entry.gzipped ??= gzipAsync(entry.body, { level: 9 });
    return entry.gzipped;
  }

  private remember(real: string, entry: CachedFile, previous: CachedFile | undefined): void {
    if (previous !== undefined) this.cachedBytes -= previous.size;
    if (this.cachedBytes + entry.size > MAX_CACHED_BYTES) {
      this.entries.clear();
      this.cachedBytes = 0;
    }
    this.entries.set(real, entry);
    this.cachedBytes += entry.size;
  }
}
