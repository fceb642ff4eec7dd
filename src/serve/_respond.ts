import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessControl, AuthScope } from './access-control.js';
import { authenticate } from './_authenticate.js';
import { contentTypeOf, isCompressible, isVersionedAsset } from './content-type.js';
import type { CachedFile, FileCache } from './_file-cache.js';
import type { FailedLoginLimiter } from './failed-login-limiter.js';
import { resolveRequestPath, type AllowList } from './request-path.js';
import { redirect, sendText } from './_send.js';
import type { ServeLogger } from './serve-logger.js';

/** What one request needs to know about the server it hit. */
export interface ResponderContext {
  readonly cache: FileCache;
  readonly allow: AllowList;
  readonly contentSecurityPolicy: string;
  readonly limiter: FailedLoginLimiter;
  readonly logger: ServeLogger;
  access: AccessControl | undefined;
  scope: AuthScope;
}

const NO_CACHE_FILES = new Set(['dashboard.html', 'dashboard_url.txt']);

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((item) => {
    const [name, ...parameters] = item.trim().toLowerCase().split(';');
    const quality = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (name === 'gzip' || name === '*') && (quality === undefined || Number(quality.slice(2)) > 0);
  });
}

function isNotModified(request: IncomingMessage, entry: CachedFile): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => {
      const bare = tag.trim().replace(/^W\//, '');
      return bare === '*' || bare === entry.etag;
    });
  }
  const ifModifiedSince = Date.parse(request.headers['if-modified-since'] ?? '');
  return Number.isFinite(ifModifiedSince) && Math.floor(entry.mtimeMs / 1000) * 1000 <= ifModifiedSince;
}

/** Answers one request: method, `?token=` login, auth, allowlist, then the file with caching and gzip. */
export async function respond(request: IncomingMessage, response: ServerResponse, context: ResponderContext): Promise<void> {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Content-Security-Policy', context.contentSecurityPolicy);
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  const headOnly = request.method === 'HEAD';
  if (request.method !== 'GET' && !headOnly) {
    response.setHeader('Allow', 'GET, HEAD');
    return sendText(response, 405, 'Method Not Allowed: this server is read-only (GET, HEAD)\n', false);
  }
  const target = request.url ?? '/';
  const decision = resolveRequestPath(target, context.allow);
  const queryStart = target.indexOf('?');
  const query = new URLSearchParams(queryStart >= 0 ? target.slice(queryStart + 1) : '');
  const loginTarget = decision.kind === 'file' ? `/${decision.relativePath}` : '/dashboard.html';
  if (authenticate(context, { request, response, query, loginTarget, headOnly }) === 'answered') return;
  if (decision.kind === 'redirect') return redirect(response, decision.location);
  if (decision.kind === 'refused') {
    return sendText(response, decision.status, decision.status === 403 ? 'Forbidden\n' : 'Not Found\n', headOnly);
  }
  await sendFile(request, response, context, { relativePath: decision.relativePath, query, headOnly });
}

/** An allowlisted file: 404 when missing, else ETag/304, cache headers by kind, gzip when the client takes it. */
async function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  context: ResponderContext,
  file: { relativePath: string; query: URLSearchParams; headOnly: boolean },
): Promise<void> {
  const { relativePath, headOnly } = file;
  const entry = await context.cache.get(relativePath);
  if (entry === undefined) return sendText(response, 404, 'Not Found\n', headOnly);
  const privacy = context.access !== undefined ? 'private' : 'public';
  const longLived = !NO_CACHE_FILES.has(relativePath) && isVersionedAsset(relativePath, file.query);
  response.setHeader('Cache-Control', longLived ? `${privacy}, max-age=31536000, immutable` : `${privacy}, no-cache`);
  response.setHeader('ETag', entry.etag);
  response.setHeader('Last-Modified', entry.lastModified);
  const compressible = isCompressible(relativePath);
  if (compressible) response.setHeader('Vary', 'Accept-Encoding');
  if (isNotModified(request, entry)) {
    response.statusCode = 304;
    return void response.end();
  }
  let body = entry.body;
  if (compressible && acceptsGzip(request.headers['accept-encoding'])) {
    body = await context.cache.gzipOf(entry);
    response.setHeader('Content-Encoding', 'gzip');
  }
  response.statusCode = 200;
  response.setHeader('Content-Type', contentTypeOf(relativePath));
  response.setHeader('Content-Length', body.length);
  response.end(headOnly ? undefined : body);
}
