import { CONTENT_TYPES, extensionOf } from './content-type.js';

/** What the static server may serve: exact top-level file names, and folders whose files are all public. */
export interface AllowList {
  readonly files: readonly string[];
  readonly folders: readonly string[];
}

/** The dashboard, its URL list, and everything under `assets/` (plotly bundle, lazy figure JSON). */
export const DEFAULT_ALLOW_LIST: AllowList = { files: ['dashboard.html', 'dashboard_url.txt'], folders: ['assets'] };

/** Where a request target leads. A refused target never reaches the filesystem. */
export type PathDecision =
  | { readonly kind: 'file'; readonly relativePath: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'refused'; readonly status: 403 | 404; readonly reason: string };

const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._@+-]*$/;
const MAX_DEPTH = 6;

function refused(status: 403 | 404, reason: string): PathDecision {
  return { kind: 'refused', status, reason };
}

/**
 * Maps a raw request target (`/assets/x.js?v=1`) to a file relative to the served root, or refuses it.
 * Order: reject encoded separators, NUL and double encoding on the raw text; decode exactly once; reject
 * backslashes, NUL, `.`/`..`/empty/dot-file segments and any character outside a conservative set; then the
 * path must be an allowlisted file or sit inside an allowlisted folder with a known extension.
 */
export function resolveRequestPath(rawTarget: string, allow: AllowList = DEFAULT_ALLOW_LIST): PathDecision {
  if (!rawTarget.startsWith('/') || rawTarget.startsWith('//')) return refused(403, 'not an origin-form path');
  const rawPath = rawTarget.split(/[?#]/, 1)[0];
  if (/%(00|2f|5c|25)/i.test(rawPath) || rawPath.includes('\\') || rawPath.includes('\0')) {
    return refused(403, 'encoded separator, NUL or double encoding');
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refused(403, 'malformed percent-encoding');
  }
  if (decoded.includes('\\') || decoded.includes('\0') || decoded.includes('%')) return refused(403, 'unsafe character');
  if (decoded === '/') return { kind: 'redirect', location: '/dashboard.html' };
  const relativePath = decoded.slice(1);
  if (relativePath.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return refused(403, 'empty, "." or ".." path segment');
  }
  return isAllowedRelativePath(relativePath, allow) ? { kind: 'file', relativePath } : refused(404, 'not on the allowlist');
}

/**
 * True when a `/`-separated path relative to the root names an allowlisted file: every segment is a plain
 * name (no dot files, no `..`), and the file is listed or lies in a listed folder with a known extension.
 * Also used on the resolved real path of a symlink, so a link cannot lead out of the allowlist.
 */
export function isAllowedRelativePath(relativePath: string, allow: AllowList = DEFAULT_ALLOW_LIST): boolean {
  const segments = relativePath.split('/');
  if (segments.length > MAX_DEPTH) return false;
  for (const segment of segments) if (!SAFE_SEGMENT.test(segment)) return false;
  if (!(extensionOf(relativePath) in CONTENT_TYPES)) return false;
  if (segments.length === 1) return allow.files.includes(segments[0]);
  return allow.folders.includes(segments[0]);
}
