import ccxt, { type Exchange as CcxtClient } from 'ccxt';
import type { HttpAnswer } from './_ccxt-errors.js';

/** The part of a fetch-like response ccxt hands to handleRestResponse that we read. */
interface RestResponse {
  readonly status: number;
}

type HandleRestResponse = (response: RestResponse, url: string, method?: string, headers?: unknown, body?: unknown) => unknown;

/**
 * Hooks ccxt's one entry point for every REST answer (`handleRestResponse`) on this client, for two things ccxt
 * does not give us:
 * - the HTTP status and Retry-After behind each error it throws (ccxt maps Binance's 503 {"code":-1008} to a plain
 *   ExchangeError, and keeps headers only in `last_response_headers`, which concurrent requests overwrite);
 * - a 2xx answer whose body is not JSON (an HTML page, an empty or truncated body): ccxt returns it as a string
 *   and fetchOHLCV reads that as "no candles", which a backfill would take for the end of history. It becomes a
 *   BadResponse here, so it is retried like any failed answer.
 * Returns the lookup from a thrown error to the answer it came from.
 */
export function recordHttpAnswers(client: CcxtClient): (error: unknown) => HttpAnswer | undefined {
  const answers = new WeakMap<object, HttpAnswer>();
  const target = client as unknown as {
    handleRestResponse: HandleRestResponse;
    getResponseHeaders(response: RestResponse): Record<string, unknown>;
  };
  const original = target.handleRestResponse.bind(client);
  target.handleRestResponse = (response, url, method = 'GET', ...rest) => {
    const retryAfter = headerValue(target.getResponseHeaders(response), 'retry-after');
    const answer: HttpAnswer = { status: response.status, retryAfter, receivedAt: Date.now() };
    return Promise.resolve(original(response, url, method, ...rest)).then(
      (parsed) => {
        if (typeof parsed === 'string' && response.status >= 200 && response.status < 300) {
          const what = `answered HTTP ${response.status} with a body that is not JSON: ${preview(parsed)}`;
          const error = new ccxt.BadResponse(`${client.id} ${method} ${url} ${what}`);
          answers.set(error, answer);
          throw error;
        }
        return parsed;
      },
      (error: unknown) => {
        if (typeof error === 'object' && error !== null) answers.set(error, answer);
        throw error;
      },
    );
  };
  return (error) => (typeof error === 'object' && error !== null ? answers.get(error) : undefined);
}

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

/** The first characters of a body, on one line, for an error message. */
function preview(body: string): string {
  if (body.trim() === '') return '(empty)';
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `"${flat.slice(0, 80)}..."` : `"${flat}"`;
}
