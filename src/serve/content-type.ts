/** Content-Type per file extension; a file whose extension is not listed is never served. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const COMPRESSIBLE = new Set(['.html', '.txt', '.js', '.mjs', '.css', '.json', '.map', '.svg']);

/** Lower-cased extension with its dot (`.js`), or '' when the name has none. */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** The Content-Type for a path (application/octet-stream when unknown). */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extensionOf(path)] ?? 'application/octet-stream';
}

/** True for text formats worth gzipping (images and fonts are already compressed). */
export function isCompressible(path: string): boolean {
  return COMPRESSIBLE.has(extensionOf(path));
}

/**
 * True for an asset whose name carries a version (a content hash of 8+ hex chars or a semver, e.g.
 * `figure.3fa9c2d1.json`, `plotly-2.35.2.min.js`) or that is requested with `?v=`: safe to cache for a year.
 */
export function isVersionedAsset(relativePath: string, query: URLSearchParams): boolean {
  if (!relativePath.includes('/')) return false;
  if (query.has('v')) return true;
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  return /[.-][0-9a-f]{8,}\./i.test(name) || /[.-]v?\d+\.\d+\.\d+[.-]/.test(name);
}
