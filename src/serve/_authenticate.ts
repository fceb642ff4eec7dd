import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ACCESS_COOKIE,
  authChallenge,
  checkCredentials,
  clientKey,
  isForwardedRequest,
  presentsCredentials,
  secretsEqual,
  type AccessControl,
  type AuthScope,
} from './access-control.js';
import type { FailedLoginLimiter } from './failed-login-limiter.js';
import { redirect, sendText } from './_send.js';
import type { ServeLogger } from './serve-logger.js';

/** What authentication needs to know about the server. */
export interface AuthContext {
  readonly access: AccessControl | undefined;
  readonly scope: AuthScope;
  readonly limiter: FailedLoginLimiter;
  readonly logger: ServeLogger;
}

/** The request, parsed once by the responder. */
export interface AuthRequest {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly query: URLSearchParams;
  /** Where a `?token=` login redirects to (the requested file without the token). */
  readonly loginTarget: string;
  readonly headOnly: boolean;
}

/**
 * Checks the request's credentials when it needs some: `?token=` (always checked: it sets the cookie), or any
 * request when the scope is `all` or the request came through a proxy. Answers the request itself (login
 * redirect, 401, or 429 for a client that failed too often) and returns 'answered'; 'pass' lets it through.
 */
export function authenticate(context: AuthContext, incoming: AuthRequest): 'answered' | 'pass' {
  const { access } = context;
  const { request, response, query, headOnly } = incoming;
  const givenToken = query.get('token');
  if (access === undefined) return 'pass';
  if (givenToken === null && context.scope !== 'all' && !isForwardedRequest(request)) return 'pass';
  const client = clientKey(request);
  const waitMs = context.limiter.retryAfterMs(client);
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    response.setHeader('Retry-After', String(seconds));
    sendText(response, 429, `Too Many Requests: too many failed logins from your address; try again in ${seconds} s\n`, headOnly);
    return 'answered';
  }
  const granted = givenToken !== null ? access.token !== undefined && secretsEqual(givenToken, access.token) : checkCredentials(request, access) === 'granted';
  if (!granted) {
    if (givenToken !== null || presentsCredentials(request)) noteFailure(context, client);
    response.setHeader('WWW-Authenticate', authChallenge(access));
    const why = givenToken !== null ? 'the access token is wrong' : 'open the link with ?token=..., or log in';
    sendText(response, 401, `Unauthorized: ${why}\n`, headOnly);
    return 'answered';
  }
  context.limiter.recordSuccess(client);
  if (givenToken === null) return 'pass';
  loginWithToken(incoming, givenToken);
  return 'answered';
}

function noteFailure(context: AuthContext, client: string): void {
  if (context.limiter.recordFailure(client)) {
    context.logger.warn(`dashboard server: too many failed logins from ${client}; refusing its logins for a while`);
  }
}

/** A right `?token=`: store it in an HttpOnly cookie and redirect to the same page without it in the URL. */
function loginWithToken(incoming: AuthRequest, token: string): void {
  const { request, response, query } = incoming;
  const secure = request.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
  response.setHeader('Set-Cookie', `${ACCESS_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000${secure}`);
  const rest = new URLSearchParams(query);
  rest.delete('token');
  const restText = rest.toString();
  redirect(response, restText === '' ? incoming.loginTarget : `${incoming.loginTarget}?${restText}`);
}
