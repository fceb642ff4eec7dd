import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { serveDashboard, startStaticServer, type ServeLogger } from '../../src/serve/index.js';
import { nonLoopbackAddress, tryConnect } from './network-probe.js';
import { createSiteFixture } from './site-fixture.js';

const lanAddress = nonLoopbackAddress();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startServer(host?: string) {
  const fixture = createSiteFixture();
  const server = await startStaticServer({ root: fixture.root, port: 0, ...(host === undefined ? {} : { host }) });
  cleanups.push(async () => {
    await server.close();
    rmSync(fixture.base, { recursive: true, force: true });
  });
  return server;
}

describe('which interface the dashboard server listens on', () => {
  it('listens on 127.0.0.1 by default', async () => {
    const server = await startServer();
    expect(server.host).toBe('127.0.0.1');
    expect(await tryConnect('127.0.0.1', server.port)).toBe('accepted');
  });

  it.skipIf(lanAddress === undefined)('cannot be reached from the network by default', async () => {
    const server = await startServer();
    expect(await tryConnect(lanAddress as string, server.port)).toBe('refused');
  });

  it.skipIf(lanAddress === undefined)('is reachable from the network only when asked with host 0.0.0.0', async () => {
    const server = await startServer('0.0.0.0');
    expect(await tryConnect(lanAddress as string, server.port)).toBe('accepted');
  });

  it('refuses a host that is not an address of this machine with a fix-it UsageError', async () => {
    const error = await startServer('203.0.113.7').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/cannot listen on 203\.0\.113\.7.*127\.0\.0\.1.*0\.0\.0\.0/);
  });
});

describe('what serveDashboard says about where it listens', () => {
  async function linesFor(host: string | undefined): Promise<string[]> {
    const fixture = createSiteFixture();
    const lines: string[] = [];
    const logger: ServeLogger = { info: (line) => lines.push(line), warn: (line) => lines.push(`warning: ${line}`) };
    const service = await serveDashboard({
      root: fixture.root, port: 0, ...(host === undefined ? {} : { host }), env: {}, ngrokConfigPaths: [], logger,
    });
    await service.close();
    rmSync(fixture.base, { recursive: true, force: true });
    return lines;
  }

  it('says "localhost only" when it listens on loopback', async () => {
    const lines = await linesFor(undefined);
    expect(lines.join('\n')).toMatch(/127\.0\.0\.1: this machine only/);
    expect(lines).toContain('NGROK_AUTHTOKEN is not set: no public tunnel; serving on localhost only');
  });

  it('never says "localhost only" when it listens on every interface, and warns that nothing protects it', async () => {
    const lines = await linesFor('0.0.0.0');
    expect(lines.join('\n')).not.toMatch(/localhost only/);
    expect(lines.join('\n')).toMatch(/0\.0\.0\.0: every network interface/);
    expect(lines.join('\n')).toMatch(/warning: .*anyone who can reach this machine.*SCALP_ACCESS_TOKEN/);
  });
});
