import { createServer, type Server } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort, isPortFree, PortInUseError, startStaticServer } from '../../src/serve/index.js';

const blockers: Server[] = [];
function occupy(port: number): Promise<number> {
  return new Promise((resolve) => {
    const blocker = createServer();
    blockers.push(blocker);
    blocker.listen({ port, host: '127.0.0.1' }, () => resolve((blocker.address() as { port: number }).port));
  });
}

afterEach(async () => {
  await Promise.all(blockers.splice(0).map((blocker) => new Promise((resolve) => blocker.close(resolve))));
});

describe('port in use', () => {
  it('throws PortInUseError with exit code 6 naming the taken port and the next free one', async () => {
    const taken = await occupy(0);
    let expectedNext = taken + 1;
    while (!(await isPortFree(expectedNext, '127.0.0.1'))) expectedNext += 1;
    const root = mkdtempSync(join(tmpdir(), 'scalp-port-'));
    const error = await startStaticServer({ root, port: taken, host: '127.0.0.1' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PortInUseError);
    const portError = error as PortInUseError;
    expect(portError.exitCode).toBe(6);
    expect(portError.code).toBe('SCALP_PORT_IN_USE');
    expect(portError.nextFreePort).toBe(expectedNext);
    expect(portError.message).toContain(`port ${taken} on 127.0.0.1 is already in use`);
    expect(portError.message).toContain(`html_port: ${expectedNext}`);
  });

  it('findFreePort skips taken ports and returns the first free one upward', async () => {
    const first = await occupy(0);
    const probe = await findFreePort(first, '127.0.0.1');
    expect(probe).toBeGreaterThan(first);
    expect(await isPortFree(probe as number, '127.0.0.1')).toBe(true);
  });
});
