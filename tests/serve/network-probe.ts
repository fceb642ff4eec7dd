import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';

/** An IPv4 address of this machine that is not loopback (undefined on a machine with none). */
export function nonLoopbackAddress(): string | undefined {
  const all = Object.values(networkInterfaces()).flat();
  return all.find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;
}

/** 'accepted' when a TCP connection to host:port opens, 'refused' when the connection fails. */
export function tryConnect(host: string, port: number): Promise<'accepted' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000, () => socket.destroy(new Error('timeout')));
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', () => resolve('refused'));
  });
}
