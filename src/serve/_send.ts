import type { ServerResponse } from 'node:http';

/** A short plain-text answer that no cache keeps (errors, refusals). */
export function sendText(response: ServerResponse, status: number, text: string, headOnly: boolean): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(headOnly ? undefined : text);
}

/** A 302 to a same-origin path. */
export function redirect(response: ServerResponse, location: string): void {
  response.statusCode = 302;
  response.setHeader('Location', location);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Length', 0);
  response.end();
}
