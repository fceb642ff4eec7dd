import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NgrokLike, NgrokListenerLike } from '../../src/serve/index.js';

/**
 * Stands in for ngrok's edge only: each forward() opens a real reverse proxy on 127.0.0.1 that relays to
 * `addr` and adds the headers ngrok adds (X-Forwarded-For, X-Forwarded-Proto: https). Failures are scripted.
 */
export class FakeNgrok implements NgrokLike {
  readonly calls: { addr: number | string; authtoken?: string }[] = [];
  private readonly proxies: Server[] = [];

  constructor(private readonly failures: readonly Error[] = []) {}

  async forward(config: { addr: number | string; authtoken?: string }): Promise<NgrokListenerLike> {
    this.calls.push(config);
    const failure = this.failures[this.calls.length - 1];
    if (failure !== undefined) throw failure;
    const [host, port] = String(config.addr).split(':');
    const proxy = createServer((incoming, outgoing) => {
      const upstream = request(
        {
          host,
          port: Number(port),
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      incoming.pipe(upstream);
    });
    this.proxies.push(proxy);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    return {
      url: () => url,
      close: () => new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      }),
    };
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.proxies.map((proxy) => new Promise((resolve) => {
      proxy.close(resolve);
      proxy.closeAllConnections();
    })));
  }
}
