import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError } from '../core/errors.js';
import type { AccessControl, AuthScope } from './access-control.js';
import { FileCache } from './_file-cache.js';
import { findFreePort, PortInUseError } from './port-in-use-error.js';
import { respond, type ResponderContext } from './_respond.js';
import { DEFAULT_ALLOW_LIST, type AllowList } from './request-path.js';
import { SILENT_LOGGER, type ServeLogger } from './serve-logger.js';

/**
 * Same origin only, inline script and style allowed (the dashboard is one self-contained page), no framing,
 * no plugins. `blob:` for plotly's image export. Add `'unsafe-eval'` to script-src only if WebGL traces are used.
 */
export const DEFAULT_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export interface StaticServerOptions {
  /** Folder holding dashboard.html, dashboard_url.txt and assets/. Nothing else in it is ever served. */
  readonly root: string;
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind; default all interfaces (0.0.0.0). Use 127.0.0.1 for local-only. */
  readonly host?: string;
  readonly allow?: AllowList;
  /** Credentials to require; none by default. */
  readonly auth?: AccessControl;
  /** Who must authenticate when `auth` is set; default every request. */
  readonly authScope?: AuthScope;
  readonly contentSecurityPolicy?: string;
  readonly logger?: ServeLogger;
}

export interface StaticServer {
  /** Base URL for a browser on this machine, e.g. `http://localhost:8888`. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Current credentials (undefined when open). */
  readonly accessControl: AccessControl | undefined;
  /** Replaces the credentials and their scope for every following request. */
  setAccessControl(auth: AccessControl | undefined, scope?: AuthScope): void;
  close(): Promise<void>;
}

function browserHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the read-only dashboard server on node:http: allowlisted files only, traversal refused before any
 * filesystem access, GET/HEAD only, gzip + ETag/304, security headers, optional token/basic auth.
 * Throws PortInUseError naming the next free port when `port` is taken.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const host = options.host ?? '0.0.0.0';
  const logger = options.logger ?? SILENT_LOGGER;
  const allow = options.allow ?? DEFAULT_ALLOW_LIST;
  const context: ResponderContext = {
    cache: new FileCache(options.root, allow),
    allow,
    contentSecurityPolicy: options.contentSecurityPolicy ?? DEFAULT_CONTENT_SECURITY_POLICY,
    access: options.auth,
    scope: options.authScope ?? 'all',
  };
  const server = createServer((request, response) => {
    respond(request, response, context).catch((error: unknown) => {
      logger.warn(`dashboard server: ${request.method} failed: ${describeError(error)}`);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    throw new PortInUseError(options.port, host, await findFreePort(options.port + 1, host), { cause: error });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${browserHost(host)}:${port}`,
    port,
    host,
    get accessControl() {
      return context.access;
    },
    setAccessControl(auth, scope = 'all') {
      context.access = auth;
      context.scope = scope;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
