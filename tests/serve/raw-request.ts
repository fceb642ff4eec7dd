import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Body as received (still gzipped when Content-Encoding is gzip). */
  readonly raw: Buffer;
  /** Body decoded to text (gunzipped when needed). */
  readonly text: string;
}

/**
 * Sends one HTTP/1.1 request over a raw socket with the request target written exactly as given, so no
 * client library normalises `..`, percent-encoding, backslashes or NUL bytes away.
 */
export function rawRequest(
  port: number,
  target: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).toLowerCase();
        headers[name] = headers[name] === undefined ? line.slice(colon + 1).trim() : `${headers[name]}, ${line.slice(colon + 1).trim()}`;
      }
      const raw = all.subarray(split + 4);
      const text = (headers['content-encoding'] === 'gzip' && raw.length > 0 ? gunzipSync(raw) : raw).toString('utf8');
      resolve({ status: Number(head[0].split(' ')[1]), headers, raw, text });
    });
    const lines = [`${options.method ?? 'GET'} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
    for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
    socket.write(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
  });
}
