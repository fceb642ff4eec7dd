export {
  startStaticServer,
  DEFAULT_CONTENT_SECURITY_POLICY,
  type StaticServer,
  type StaticServerOptions,
} from './static-server.js';
export {
  authFromEnv,
  MIN_ACCESS_TOKEN_LENGTH,
  generateAccessToken,
  secretsEqual,
  isForwardedRequest,
  ACCESS_COOKIE,
  type AccessControl,
  type AuthScope,
} from './access-control.js';
export { resolveRequestPath, isAllowedRelativePath, DEFAULT_ALLOW_LIST, type AllowList, type PathDecision } from './request-path.js';
export { contentTypeOf } from './content-type.js';
export { PortInUseError, findFreePort, isPortFree } from './port-in-use-error.js';
export { openTunnel, TUNNEL_DISABLED_REASON, type TunnelResult, type TunnelOptions, type NgrokLike, type NgrokListenerLike } from './tunnel.js';
export { ngrokConfigPaths, resolveNgrokAuthtoken, scrubSecrets } from './ngrok-authtoken.js';
export { TunnelKeeper, type TunnelKeeperOptions } from './tunnel-keeper.js';
export { writeUrlFiles, DASHBOARD_URL_FILE, NGROK_URL_FILE, type DashboardUrls } from './url-files.js';
export { serveDashboard, type ServeDashboardOptions, type DashboardService } from './serve-dashboard.js';
export { SILENT_LOGGER, type ServeLogger } from './serve-logger.js';
export { DEFAULT_FAILED_LOGIN_LIMIT, type FailedLoginLimit } from './failed-login-limiter.js';
