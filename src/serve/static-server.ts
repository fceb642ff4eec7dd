import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError, UsageError } from '../core/errors.js';
import { assertStrongToken, type AccessControl, type AuthScope } from './access-control.js';
import { FileCache } from './_file-cache.js';
import { FailedLoginLimiter, type FailedLoginLimit } from './failed-login-limiter.js';
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
  /**
   * Interface to bind; default 127.0.0.1 (this machine only: the tunnel reaches it from there). `0.0.0.0` opens
   * it to every device that can reach this machine, which is then a choice the user makes explicitly.
   */
  readonly host?: string;
  readonly allow?: AllowList;
  /** Credentials to require; none by default. */
  readonly auth?: AccessControl;
  /** Who must authenticate when `auth` is set; default every request. */
  readonly authScope?: AuthScope;
  /** Wrong credentials one client may present before its logins get 429; default 10 a minute. */
  readonly failedLoginLimit?: FailedLoginLimit;
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
  /** Replaces the credentials and their scope for every following request (a token needs 16+ characters). */
  setAccessControl(auth: AccessControl | undefined, scope?: AuthScope): void;
  close(): Promise<void>;
}

function browserHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Token strength is checked wherever credentials enter the server, whoever passes them in. */
function checkAccessControl(auth: AccessControl | undefined): void {
  if (auth?.token !== undefined) assertStrongToken(auth.token, { file: 'dashboard server options', keyPath: 'auth.token' });
}

/** Binds the server; a taken port becomes PortInUseError, an address this machine does not have a UsageError. */
async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new PortInUseError(port, host, await findFreePort(port + 1, host), { cause: error });
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
      throw new UsageError(
        `cannot listen on ${host} (${error.code}): it is not an address of this machine; use 127.0.0.1 (this machine ` +
          'only, the default), 0.0.0.0 (every network interface) or one of its own addresses',
        { cause: error },
      );
    }
    throw error;
  });
}

/**
 * Starts the read-only dashboard server on node:http: allowlisted files only, traversal refused before any
 * filesystem access, GET/HEAD only, gzip + ETag/304, security headers, optional token/basic auth with failed
 * logins rate-limited per client. Listens on 127.0.0.1 unless `host` says otherwise.
 * Throws PortInUseError naming the next free port when `port` is taken.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? SILENT_LOGGER;
  const allow = options.allow ?? DEFAULT_ALLOW_LIST;
  checkAccessControl(options.auth);
  const context: ResponderContext = {
    cache: new FileCache(options.root, allow),
    allow,
    contentSecurityPolicy: options.contentSecurityPolicy ?? DEFAULT_CONTENT_SECURITY_POLICY,
    limiter: new FailedLoginLimiter(options.failedLoginLimit),
    logger,
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
  await listen(server, options.port, host);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${browserHost(host)}:${port}`,
    port,
    host,
    get accessControl() {
      return context.access;
    },
    setAccessControl(auth, scope = 'all') {
      checkAccessControl(auth);
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
