import { describeError } from '../core/errors.js';
import { resolveNgrokAuthtoken, scrubSecrets } from './ngrok-authtoken.js';

/** The one listener method set we use from `@ngrok/ngrok`. */
export interface NgrokListenerLike {
  url(): string | null;
  close(): Promise<void>;
}

/** The subset of `@ngrok/ngrok` the tunnel needs; tests inject a replacement for this network edge only. */
export interface NgrokLike {
  forward(config: { addr: number | string; authtoken?: string }): Promise<NgrokListenerLike>;
}

export type TunnelResult =
  | { readonly status: 'disabled'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'open'; readonly url: string; close(): Promise<void> };

export interface TunnelOptions {
  /** Local port of the static server. */
  readonly port: number;
  /** Local address ngrok forwards to; default 127.0.0.1. */
  readonly address?: string;
  /** Overrides NGROK_AUTHTOKEN and the ngrok config file. */
  readonly authtoken?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Where to look for an ngrok agent config holding an authtoken; default {@link ngrokConfigPaths}. */
  readonly ngrokConfigPaths?: readonly string[];
  /** The ngrok SDK; default the installed `@ngrok/ngrok`, loaded only when a token is present. */
  readonly ngrok?: NgrokLike;
  /** Give up on a forward that has not answered after this long; default 30 s. */
  readonly timeoutMs?: number;
}

/** Why there is no tunnel; the caller adds where the server still listens (it knows the host, this module does not). */
export const TUNNEL_DISABLED_REASON = 'NGROK_AUTHTOKEN is not set: no public tunnel';

async function loadNgrok(): Promise<NgrokLike> {
  const module = await import('@ngrok/ngrok');
  return { forward: (config) => module.forward(config) };
}

/**
 * Opens a public ngrok HTTPS tunnel to the local server. Without an authtoken it returns `disabled` and never
 * touches ngrok; on any error `failed` with a reason from which the authtoken is scrubbed; never throws and
 * never logs (the {@link TunnelKeeper} reports status changes).
 */
export async function openTunnel(options: TunnelOptions): Promise<TunnelResult> {
  const env = options.env ?? process.env;
  const authtoken = resolveNgrokAuthtoken(options.authtoken, env, options.ngrokConfigPaths);
  if (authtoken === undefined) return { status: 'disabled', reason: TUNNEL_DISABLED_REASON };
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const ngrok = options.ngrok ?? (await loadNgrok());
    const forwarding = ngrok.forward({ addr: `${options.address ?? '127.0.0.1'}:${options.port}`, authtoken });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from ngrok after ${timeoutMs} ms`)), timeoutMs);
    });
    forwarding.catch(() => undefined);
    const listener = await Promise.race([forwarding, timeout]).catch((error: unknown) => {
      forwarding.then((late) => late.close()).catch(() => undefined);
      throw error;
    });
    const url = listener.url();
    if (!url) {
      await listener.close().catch(() => undefined);
      return { status: 'failed', reason: 'ngrok opened a listener without a public URL' };
    }
    return { status: 'open', url, close: () => listener.close().catch(() => undefined) };
  } catch (error) {
    return { status: 'failed', reason: scrubSecrets(`ngrok tunnel failed: ${describeError(error)}`, [authtoken]) };
  } finally {
    clearTimeout(timer);
  }
}
