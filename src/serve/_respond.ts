import type { IncomingMessage, ServerResponse } from 'node:http';
import { ACCESS_COOKIE, authChallenge, checkCredentials, isForwardedRequest, secretsEqual } from './access-control.js';
import type { AccessControl, AuthScope } from './access-control.js';
import { contentTypeOf, isCompressible, isVersionedAsset } from './content-type.js';
import type { CachedFile, FileCache } from './_file-cache.js';
import { resolveRequestPath, type AllowList } from './request-path.js';

/** What one request needs to know about the server it hit. */
export interface ResponderContext {
  readonly cache: FileCache;
  readonly allow: AllowList;
  readonly contentSecurityPolicy: string;
  access: AccessControl | undefined;
  scope: AuthScope;
}

const NO_CACHE_FILES = new Set(['dashboard.html', 'dashboard_url.txt']);

function sendText(response: ServerResponse, status: number, text: string, headOnly: boolean): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(headOnly ? undefined : text);
}

function redirect(response: ServerResponse, location: string): void {
  response.statusCode = 302;
  response.setHeader('Location', location);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Length', 0);
  response.end();
}

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
  const access = context.access;
  const givenToken = query.get('token');
  if (access !== undefined && givenToken !== null) {
    if (access.token === undefined || !secretsEqual(givenToken, access.token)) {
      response.setHeader('WWW-Authenticate', authChallenge(access));
      return sendText(response, 401, 'Unauthorized: the access token is wrong\n', headOnly);
    }
    const secure = request.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
    response.setHeader(
      'Set-Cookie',
      `${ACCESS_COOKIE}=${encodeURIComponent(access.token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000${secure}`,
    );
    query.delete('token');
    const rest = query.toString();
    const path = decision.kind === 'file' ? `/${decision.relativePath}` : '/dashboard.html';
    return redirect(response, rest === '' ? path : `${path}?${rest}`);
  }
  const mustAuthenticate = access !== undefined && (context.scope === 'all' || isForwardedRequest(request));
  if (mustAuthenticate && checkCredentials(request, access) === 'denied') {
    response.setHeader('WWW-Authenticate', authChallenge(access));
    return sendText(response, 401, 'Unauthorized: open the link with ?token=..., or log in\n', headOnly);
  }
  if (decision.kind === 'redirect') return redirect(response, decision.location);
  if (decision.kind === 'refused') {
    return sendText(response, decision.status, decision.status === 403 ? 'Forbidden\n' : 'Not Found\n', headOnly);
  }
  const entry = await context.cache.get(decision.relativePath);
  if (entry === undefined) return sendText(response, 404, 'Not Found\n', headOnly);
  const privacy = access !== undefined ? 'private' : 'public';
  const longLived = !NO_CACHE_FILES.has(decision.relativePath) && isVersionedAsset(decision.relativePath, query);
  response.setHeader('Cache-Control', longLived ? `${privacy}, max-age=31536000, immutable` : `${privacy}, no-cache`);
  response.setHeader('ETag', entry.etag);
  response.setHeader('Last-Modified', entry.lastModified);
  const compressible = isCompressible(decision.relativePath);
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
  response.setHeader('Content-Type', contentTypeOf(decision.relativePath));
  response.setHeader('Content-Length', body.length);
  response.end(headOnly ? undefined : body);
}
