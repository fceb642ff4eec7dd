import { describeError } from '../core/errors.js';
import { generateAccessToken, type AccessControl } from './access-control.js';
import { describeListenAddress } from './listen-address.js';
import type { AllowList } from './request-path.js';
import { SILENT_LOGGER, type ServeLogger } from './serve-logger.js';
import { startStaticServer, type StaticServer } from './static-server.js';
import { openTunnel, type NgrokLike, type TunnelResult } from './tunnel.js';
import { TunnelKeeper } from './tunnel-keeper.js';
import { writeUrlFiles } from './url-files.js';

export interface ServeDashboardOptions {
  /** Folder with dashboard.html and assets/; receives dashboard_url.txt and ngrok_url.txt. */
  readonly root: string;
  readonly port: number;
  /** Interface to listen on; default 127.0.0.1 (the tunnel still reaches it). `0.0.0.0` opens it to the network. */
  readonly host?: string;
  readonly allow?: AllowList;
  /** Credentials required from every request; see {@link authFromEnv}. */
  readonly auth?: AccessControl;
  /** Environment read for NGROK_AUTHTOKEN; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly ngrokAuthtoken?: string;
  readonly ngrokConfigPaths?: readonly string[];
  /** Injected ngrok SDK (tests); default `@ngrok/ngrok`. */
  readonly ngrok?: NgrokLike;
  /** Set false to serve on this machine only. Default true. */
  readonly tunnel?: boolean;
  readonly retryIntervalMs?: number;
  readonly logger?: ServeLogger;
}

export interface DashboardService {
  readonly server: StaticServer;
  /** `http://localhost:<port>/dashboard.html` (the listen address instead when it is one specific address). */
  readonly localUrl: string;
  /** Public dashboard URL (without token) while the tunnel is open. */
  readonly publicUrl: string | undefined;
  /** Result of the latest tunnel attempt. */
  readonly tunnel: TunnelResult;
  close(): Promise<void>;
}

/**
 * `scalp serve`: starts the static server, writes the URL files, and keeps an ngrok tunnel up when an authtoken
 * is available. Rule: while a public tunnel is open some auth is always enforced; if none was configured a
 * random access token is generated, required from every request that came through a proxy or from another
 * host (see AuthScope `forwarded`), and printed once in the public link `<url>/dashboard.html?token=...`.
 * The URL files hold the public URL without the token.
 */
export async function serveDashboard(options: ServeDashboardOptions): Promise<DashboardService> {
  const logger = options.logger ?? SILENT_LOGGER;
  const retryIntervalMs = options.retryIntervalMs ?? 60_000;
  const server = await startStaticServer({ ...options, logger });
  const address = describeListenAddress(server.host);
  const localUrl = `http://${address.browserHost}:${server.port}/dashboard.html`;
  // Where it listens, said plainly: "localhost only" must never be printed for a server the network can reach.
  const serving = address.localOnly ? 'serving on localhost only' : `serving on ${address.reach}`;
  let publicUrl: string | undefined;
  let generatedToken: string | undefined;
  let closing: Promise<void> | undefined;
  await writeUrlFiles(options.root, { localUrl });
  logger.info(`dashboard: ${localUrl} (listening on ${address.reach})`);
  if (!address.localOnly && server.accessControl === undefined) {
    logger.warn(
      `listening on ${address.reach}: anyone who can reach this machine can open the dashboard; ` +
        'set SCALP_ACCESS_TOKEN (16+ characters) or SCALP_BASIC_AUTH=user:pass to require a login',
    );
  }

  const onChange = async (result: TunnelResult): Promise<void> => {
    try {
      if (result.status !== 'open') {
        publicUrl = undefined;
        await writeUrlFiles(options.root, { localUrl });
        if (result.status === 'disabled') logger.info(`${result.reason}; ${serving}`);
        else logger.warn(`${result.reason}; retrying every ${Math.round(retryIntervalMs / 1000)} s`);
        return;
      }
      const url = `${result.url.replace(/\/+$/, '')}/dashboard.html`;
      let link = url;
      if (server.accessControl === undefined) {
        generatedToken ??= generateAccessToken();
        server.setAccessControl({ token: generatedToken }, 'forwarded');
        link = `${url}?token=${generatedToken}`;
      }
      await writeUrlFiles(options.root, { localUrl, publicUrl: url });
      publicUrl = url;
      logger.info(`public dashboard: ${link}`);
    } catch (error) {
      logger.warn(`could not update the dashboard URL files in ${options.root}: ${describeError(error)}`);
    }
  };
  const keeper = new TunnelKeeper({
    open: () =>
      options.tunnel === false
        ? Promise.resolve({ status: 'disabled', reason: 'tunnel turned off (--no-tunnel): no public tunnel' })
        : openTunnel({
            port: server.port,
            address: address.tunnelAddress,
            authtoken: options.ngrokAuthtoken,
            env: options.env,
            ngrokConfigPaths: options.ngrokConfigPaths,
            ngrok: options.ngrok,
          }),
    retryIntervalMs,
    onChange,
  });
  await keeper.start();
  return {
    server,
    localUrl,
    get publicUrl() {
      return publicUrl;
    },
    get tunnel() {
      return keeper.status as TunnelResult;
    },
    close() {
      closing ??= (async () => {
        await keeper.stop();
        await server.close();
        await writeUrlFiles(options.root, { localUrl }).catch(() => undefined);
      })();
      return closing;
    },
  };
}
