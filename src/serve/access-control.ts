import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ConfigError } from '../core/errors.js';

/** Credentials the static server accepts. Either one is enough when both are set. */
export interface AccessControl {
  /** Access token: `?token=...` (sets a cookie, then redirects), the cookie, or `Authorization: Bearer ...`. */
  readonly token?: string;
  /** HTTP basic auth credentials. */
  readonly basic?: { readonly user: string; readonly password: string };
}

/**
 * Which requests must authenticate. `all`: every request. `forwarded`: only requests that came through a proxy
 * (ngrok adds `x-forwarded-for`; any `forwarded`, `x-forwarded-*` or `ngrok-*` header counts) or from a
 * non-loopback address; a browser on 127.0.0.1 stays usable without the token.
 */
export type AuthScope = 'all' | 'forwarded';

/** Name of the HttpOnly cookie that carries the access token after the `?token=` redirect. */
export const ACCESS_COOKIE = 'scalp_access';

/**
 * Shortest access token accepted. The token is all that stands between a public tunnel URL and the dashboard, and
 * the failed-login limiter only slows guessing down: 16 random characters are far beyond reach, 6 are not.
 */
export const MIN_ACCESS_TOKEN_LENGTH = 16;

/** Throws a ConfigError naming where the token came from when it is shorter than {@link MIN_ACCESS_TOKEN_LENGTH}. */
export function assertStrongToken(token: string, source: { file: string; keyPath: string }): void {
  if (token.length >= MIN_ACCESS_TOKEN_LENGTH) return;
  throw new ConfigError(
    source.file,
    source.keyPath,
    `${token.length} characters is too short; use at least ${MIN_ACCESS_TOKEN_LENGTH} so it cannot be guessed, ` +
      'e.g. SCALP_ACCESS_TOKEN=$(openssl rand -base64 24)',
  );
}

/** Reads `SCALP_ACCESS_TOKEN` (16+ characters) and `SCALP_BASIC_AUTH` (`user:password`); undefined when neither is set. */
export function authFromEnv(env: NodeJS.ProcessEnv = process.env): AccessControl | undefined {
  const token = env.SCALP_ACCESS_TOKEN?.trim() || undefined;
  if (token !== undefined) assertStrongToken(token, { file: 'environment', keyPath: 'SCALP_ACCESS_TOKEN' });
  const basicText = env.SCALP_BASIC_AUTH?.trim() || undefined;
  let basic: AccessControl['basic'];
  if (basicText !== undefined) {
    const colon = basicText.indexOf(':');
    if (colon <= 0 || colon === basicText.length - 1) {
      throw new ConfigError('environment', 'SCALP_BASIC_AUTH', 'expected "user:password" with a non-empty user and password');
    }
    basic = { user: basicText.slice(0, colon), password: basicText.slice(colon + 1) };
  }
  if (token === undefined && basic === undefined) return undefined;
  return { token, basic };
}

/** A fresh random access token (192 bits, base64url). */
export function generateAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares two secrets in constant time (both are hashed first, so their lengths leak nothing). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const PROXY_HEADER = /^(forwarded|x-forwarded-.+|x-real-ip|ngrok-.+)$/;

/** True for 127.x.x.x and ::1, in either IPv4 or IPv4-mapped IPv6 notation. */
export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** True when the request arrived through a proxy/tunnel or from a non-loopback address. */
export function isForwardedRequest(request: IncomingMessage): boolean {
  for (const name of Object.keys(request.headers)) if (PROXY_HEADER.test(name)) return true;
  return !isLoopbackAddress(request.socket.remoteAddress ?? '');
}

/**
 * Who is asking, for the failed-login limiter. Through the tunnel every request comes from the local ngrok agent,
 * so the client is the last X-Forwarded-For hop (the one the proxy added; earlier hops are whatever the client
 * sent). A direct connection is its socket address, and its X-Forwarded-For is ignored (it could be forged).
 */
export function clientKey(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? 'unknown';
  const forwardedFor = request.headers['x-forwarded-for'];
  if (!isLoopbackAddress(address) || typeof forwardedFor !== 'string') return address;
  const hops = forwardedFor.split(',');
  return `forwarded ${hops[hops.length - 1].trim()}`;
}

/** True when the request brought credentials of its own (a wrong one is a guess; a bare request is not). */
export function presentsCredentials(request: IncomingMessage): boolean {
  return request.headers.authorization !== undefined || readCookie(request.headers.cookie, ACCESS_COOKIE) !== undefined;
}

/** Value of one cookie from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Outcome of checking a request's credentials against an AccessControl. */
export type AccessVerdict = 'granted' | 'denied';

/** Checks the Authorization header (Bearer or Basic) and the access cookie, in constant time per secret. */
export function checkCredentials(request: IncomingMessage, access: AccessControl): AccessVerdict {
  const authorization = request.headers.authorization ?? '';
  const space = authorization.indexOf(' ');
  const scheme = space > 0 ? authorization.slice(0, space).toLowerCase() : '';
  const value = space > 0 ? authorization.slice(space + 1).trim() : '';
  if (access.token !== undefined) {
    if (scheme === 'bearer' && secretsEqual(value, access.token)) return 'granted';
    const cookie = readCookie(request.headers.cookie, ACCESS_COOKIE);
    if (cookie !== undefined && secretsEqual(decodeCookieValue(cookie), access.token)) return 'granted';
  }
  if (access.basic !== undefined && scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const userOk = secretsEqual(colon >= 0 ? decoded.slice(0, colon) : decoded, access.basic.user);
    const passwordOk = secretsEqual(colon >= 0 ? decoded.slice(colon + 1) : '', access.basic.password);
    if (userOk && passwordOk) return 'granted';
  }
  return 'denied';
}

function decodeCookieValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The WWW-Authenticate challenge for a 401: Basic when basic auth is configured, else Bearer. */
export function authChallenge(access: AccessControl): string {
  return access.basic !== undefined ? 'Basic realm="scalp dashboard", charset="UTF-8"' : 'Bearer realm="scalp dashboard"';
}
