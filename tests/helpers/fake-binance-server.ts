/**
 * A real HTTP server on 127.0.0.1 that answers like Binance's spot REST API for what ccxt's `binance` class
 * calls to load markets, tickers and klines. Deterministic candles (or a real candle series), a settable server
 * clock, real gaps, a log of every request, and scriptable faults in Binance's own wire format: 429 and 418 with
 * Retry-After, 5xx with Binance's error codes, HTML 503, 200 answers ccxt cannot parse, empty and backwards pages,
 * candles with impossible prices, hangs and invalid symbols.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { candleCount, type Candles } from '../../src/core/candles.js';

export interface FakeSymbol {
  readonly base: string;
  readonly quote: string;
  /** 'TRADING' by default; 'BREAK' is a delisted/halted market (ccxt marks it inactive). */
  readonly status?: 'TRADING' | 'BREAK';
  /** 24h volume in the quote currency (ticker/24hr quoteVolume). */
  readonly quoteVolume?: number;
  readonly lastPrice?: number;
  /** 'spot' (served under /api/v3, the default) or a USDT-margined perpetual 'swap' (served under /fapi/v1). */
  readonly market?: 'spot' | 'swap';
}

/** Open times in [from, to) that the server never returns for this symbol (an exchange outage). */
export interface FakeGap {
  readonly symbol: string;
  readonly from: number;
  readonly to: number;
}

/** A real candle series served for one symbol and interval instead of the generated candles. */
export interface FakeSeries {
  /** Exchange symbol id, e.g. 'BTCUSDT'. */
  readonly symbol: string;
  /** Binance interval, e.g. '1h'. */
  readonly interval: string;
  readonly candles: Candles;
}

export type FaultKind =
  /** 429 {"code":-1003} "Too much request weight used" with Retry-After. */
  | 'rate-limit'
  /** 418 {"code":-1003} "Way too much request weight used; IP banned until <ms>" with Retry-After. */
  | 'ban'
  /** 503 with an HTML page (a load balancer in front of the API). */
  | 'server-error'
  /** `status` with Binance's JSON error body for `code` (e.g. 500 -1000, 503 -1008). */
  | 'binance-error'
  /** 200 answers ccxt cannot parse: an HTML page, an empty body, the klines JSON cut in the middle. */
  | 'html-200'
  | 'empty-body'
  | 'truncated-body'
  /** 200 with `[]`. */
  | 'empty-page'
  /** 200 with the page that ends where the asked one starts (older candles than asked for). */
  | 'backwards-page'
  /** The normal answer, with the fields of the candle at `candle.openTime` replaced (when the answer holds it). */
  | 'bad-candle'
  | 'hang'
  | 'invalid-symbol';

export interface Fault {
  /** Request path, e.g. '/api/v3/klines'. */
  readonly path: string;
  /** Only requests with this exchange symbol id ('BTCUSDT'); any when absent. */
  readonly symbol?: string;
  readonly kind: FaultKind;
  /** How many matching requests fail; Infinity = always. */
  times: number;
  /** Matching requests answered normally before the fault starts (default 0): "the third page fails". */
  skip?: number;
  /** Retry-After header of a 'rate-limit' or 'ban' fault, in seconds (default 0). */
  readonly retryAfterSeconds?: number;
  /** HTTP status and Binance error code of a 'binance-error' fault. */
  readonly status?: number;
  readonly code?: number;
  /** The candle a 'bad-candle' fault damages, and the wire values it gets (e.g. { open: '0.00000000' }). */
  readonly candle?: { readonly openTime: number; readonly fields: Partial<Record<'open' | 'high' | 'low' | 'close' | 'volume', string>> };
}

/** Binance's messages for the error codes the fake sends (developers.binance.com, spot errors). */
export const BINANCE_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  [-1000]: 'An unknown error occurred while processing the request.',
  [-1001]: 'Internal error; unable to process your request. Please try again.',
  [-1006]: 'An unexpected response was received from the message bus. Execution status unknown.',
  [-1007]: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
  [-1008]: 'Server is currently overloaded with other requests. Please try again in a few minutes.',
  [-1100]: 'Illegal characters found in a parameter.',
  [-1121]: 'Invalid symbol.',
  [-2015]: 'Invalid API-key, IP, or permissions for action.',
};

export interface RecordedRequest {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

export interface FakeBinanceOptions {
  readonly symbols: readonly FakeSymbol[];
  /** Server clock in epoch ms (the still-open candle is the one containing it). */
  readonly nowMs: number;
  readonly gaps?: readonly FakeGap[];
  /** Real candles served for these symbol x interval (the symbol must also be in `symbols`). */
  readonly series?: readonly FakeSeries[];
}

export interface FakeBinanceServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests to paths this fake does not implement (answered 404). */
  readonly unknownPaths: string[];
  nowMs: number;
  addFault(fault: Fault): void;
  /** Faults that have not fired as often as asked (to check a test hit every one). */
  pendingFaults(): Fault[];
  /** Requests to one path, optionally for one symbol id. */
  requestsTo(path: string, symbol?: string): RecordedRequest[];
  /**
   * ccxt constructor options that point `binance` at this server for one market type (spot markets through
   * /api/v3, perpetuals through /fapi/v1), with no throttling wait and a short timeout.
   */
  exchangeOptions(timeoutMs?: number, market?: 'spot' | 'swap'): Record<string, unknown>;
  close(): Promise<void>;
}

const INTERVAL_MS: Readonly<Record<string, number>> = {
  '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000,
  '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '1d': 86_400_000,
};

function priceAt(seed: number, index: number): number {
  const noise = Math.sin((index + seed * 7919) * 12.9898) * 43758.5453;
  return 100 * (1 + seed * 0.1) * (1 + 0.05 * Math.sin(index / 50) + 0.004 * (noise - Math.floor(noise)));
}

/**
 * A price or volume as Binance writes it: 8 decimals ("9123.45000000"). A value that 8 decimals would change is
 * written in full, so a served real candle parses back to the very same double.
 */
function wireNumber(value: number): string {
  const fixed = value.toFixed(8);
  return Number(fixed) === value ? fixed : String(value);
}

type Kline = [number, string, string, string, string, string, number, string, number, string, string, string];

/** One kline in Binance's wire format: numbers for times and counts, strings for prices and volumes. */
function wireKline(openTime: number, tfMs: number, open: number, high: number, low: number, close: number, volume: number): Kline {
  return [openTime, wireNumber(open), wireNumber(high), wireNumber(low), wireNumber(close), wireNumber(volume), openTime + tfMs - 1,
    wireNumber(volume * close), 10, wireNumber(volume / 2), wireNumber((volume / 2) * close), '0'];
}

function kline(seed: number, openTime: number, tfMs: number): Kline {
  const index = openTime / tfMs;
  const open = priceAt(seed, index - 1);
  const close = priceAt(seed, index);
  const volume = 1 + (Math.abs(Math.floor(Math.sin(index) * 1000)) % 100);
  return wireKline(openTime, tfMs, open, Math.max(open, close) * 1.001, Math.min(open, close) * 0.999, close, volume);
}

/** The klines of a real series, in wire format, sorted by open time. */
function seriesKlines(series: FakeSeries): Kline[] {
  const tfMs = INTERVAL_MS[series.interval];
  const { timestamp, open, high, low, close, volume } = series.candles;
  return Array.from({ length: candleCount(series.candles) }, (_, i) =>
    wireKline(timestamp[i], tfMs, open[i], high[i], low[i], close[i], volume[i]));
}

const KLINE_FIELD_INDEX = { open: 1, high: 2, low: 3, close: 4, volume: 5 } as const;

function exchangeSymbol(symbol: FakeSymbol): Record<string, unknown> {
  if (symbol.market === 'swap') {
    return {
      symbol: `${symbol.base}${symbol.quote}`, pair: `${symbol.base}${symbol.quote}`, contractType: 'PERPETUAL',
      deliveryDate: 4133404800000, onboardDate: 1569398400000, status: symbol.status ?? 'TRADING',
      baseAsset: symbol.base, quoteAsset: symbol.quote, marginAsset: symbol.quote, pricePrecision: 2, quantityPrecision: 3,
      baseAssetPrecision: 8, quotePrecision: 8, underlyingType: 'COIN', settlePlan: 0, triggerProtect: '0.0500',
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '0.10', maxPrice: '4529764', tickSize: '0.10' },
        { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
        { filterType: 'MIN_NOTIONAL', notional: '100' },
      ],
      orderTypes: ['LIMIT', 'MARKET'], timeInForce: ['GTC'],
    };
  }
  return {
    symbol: `${symbol.base}${symbol.quote}`, status: symbol.status ?? 'TRADING',
    baseAsset: symbol.base, baseAssetPrecision: 8, quoteAsset: symbol.quote, quotePrecision: 8, quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'MARKET'], icebergAllowed: true, ocoAllowed: true, isSpotTradingAllowed: true,
    isMarginTradingAllowed: false, permissions: [], permissionSets: [['SPOT']],
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.00000100', maxPrice: '1000000.00000000', tickSize: '0.00000100' },
      { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000000.00000000', stepSize: '0.00001000' },
      { filterType: 'NOTIONAL', minNotional: '5.00000000', maxNotional: '9000000.00000000' },
    ],
  };
}

function ticker(symbol: FakeSymbol, nowMs: number): Record<string, unknown> {
  const last = symbol.lastPrice ?? 100;
  const quoteVolume = symbol.quoteVolume ?? 0;
  return {
    symbol: `${symbol.base}${symbol.quote}`, priceChange: '0.00000000', priceChangePercent: '0.000',
    weightedAvgPrice: String(last), prevClosePrice: String(last), lastPrice: String(last), lastQty: '1.00000000',
    bidPrice: String(last), bidQty: '1.00000000', askPrice: String(last), askQty: '1.00000000', openPrice: String(last),
    highPrice: String(last), lowPrice: String(last), volume: (quoteVolume / last).toFixed(8),
    quoteVolume: quoteVolume.toFixed(8), openTime: nowMs - 86_400_000, closeTime: nowMs, firstId: 1, lastId: 2, count: 2,
  };
}

export async function startFakeBinance(options: FakeBinanceOptions): Promise<FakeBinanceServer> {
  const requests: RecordedRequest[] = [];
  const unknownPaths: string[] = [];
  const faults: Fault[] = [];
  const sockets = new Set<Socket>();
  const marketOf = (path: string): 'spot' | 'swap' => (path.startsWith('/fapi/') ? 'swap' : 'spot');
  const listed = (market: 'spot' | 'swap') => options.symbols.filter((symbol) => (symbol.market ?? 'spot') === market);
  const bySymbol = new Map(
    options.symbols.map((symbol, i) => [`${symbol.market ?? 'spot'}:${symbol.base}${symbol.quote}`, { symbol, seed: i + 1 }]),
  );
  const series = new Map((options.series ?? []).map((one) => [`${one.symbol}|${one.interval}`, seriesKlines(one)]));
  const state = { nowMs: options.nowMs };

  /** A JSON answer; `truncate` cuts the body in the middle (a connection dropped mid-answer behind a proxy). */
  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, truncate = false) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(truncate ? text.slice(0, Math.floor(text.length / 2)) : text);
  };
  const sendText = (response: ServerResponse, status: number, contentType: string, text: string) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(text);
  };

  /** The klines Binance would answer: open time >= startTime (or the latest), up to the server clock and `limit`. */
  const klineRows = (market: 'spot' | 'swap', query: Record<string, string>): Kline[] | { status: number; code: number; msg: string } => {
    const entry = bySymbol.get(`${market}:${query.symbol ?? ''}`);
    if (!entry) return { status: 400, code: -1121, msg: 'Invalid symbol.' };
    const tfMs = INTERVAL_MS[query.interval ?? ''];
    if (!tfMs) return { status: 400, code: -1120, msg: 'Invalid interval.' };
    const limit = query.limit === undefined ? 500 : Number(query.limit);
    if (!(limit >= 1 && limit <= (market === 'swap' ? 1500 : 1000))) return { status: 400, code: -1130, msg: "Data sent for parameter 'limit' is not valid." };
    const lastOpen = Math.floor(Math.min(state.nowMs, query.endTime ? Number(query.endTime) : Infinity) / tfMs) * tfMs;
    const first = query.startTime ? Math.ceil(Number(query.startTime) / tfMs) * tfMs : lastOpen - (limit - 1) * tfMs;
    const real = series.get(`${query.symbol}|${query.interval}`);
    if (real) return real.filter((row) => row[0] >= first && row[0] <= lastOpen).slice(0, limit);
    const gaps = (options.gaps ?? []).filter((gap) => gap.symbol === query.symbol);
    const rows: Kline[] = [];
    for (let openTime = first; openTime <= lastOpen && rows.length < limit; openTime += tfMs) {
      if (gaps.some((gap) => openTime >= gap.from && openTime < gap.to)) continue;
      rows.push(kline(entry.seed, openTime, tfMs));
    }
    return rows;
  };

  /** The page that ends where the asked one starts: what a server ignoring startTime, or a stale cache, sends. */
  const pageBefore = (market: 'spot' | 'swap', query: Record<string, string>): Kline[] | undefined => {
    const tfMs = INTERVAL_MS[query.interval ?? ''];
    const limit = Number(query.limit ?? 500);
    if (!tfMs || !query.startTime) return undefined;
    const rows = klineRows(market, { ...query, startTime: String(Number(query.startTime) - limit * tfMs), endTime: String(Number(query.startTime) - 1) });
    return Array.isArray(rows) ? rows : undefined;
  };

  const klines = (market: 'spot' | 'swap', query: Record<string, string>, response: ServerResponse, fault?: Fault) => {
    const rows = klineRows(market, query);
    if (!Array.isArray(rows)) return send(response, rows.status, { code: rows.code, msg: rows.msg });
    if (fault?.kind === 'bad-candle' && fault.candle) {
      const { openTime, fields } = fault.candle;
      const index = rows.findIndex((row) => row[0] === openTime);
      if (index >= 0) {
        const damaged = [...rows[index]] as Kline;
        for (const [name, value] of Object.entries(fields)) damaged[KLINE_FIELD_INDEX[name as keyof typeof KLINE_FIELD_INDEX]] = value;
        rows[index] = damaged;
      }
    }
    send(response, 200, rows, {}, fault?.kind === 'truncated-body');
  };

  /** True when `fault` could apply to this request: same path and symbol, and (bad-candle) the answer holds its candle. */
  const matches = (fault: Fault, path: string, market: 'spot' | 'swap', query: Record<string, string>): boolean => {
    if (fault.times <= 0 || fault.path !== path || (fault.symbol !== undefined && fault.symbol !== query.symbol)) return false;
    if (fault.kind !== 'bad-candle') return true;
    const rows = klineRows(market, query);
    return Array.isArray(rows) && rows.some((row) => row[0] === fault.candle?.openTime);
  };

  /**
   * The fault this request gets: the first matching one whose `skip` is used up (it is counted once). Every other
   * matching fault still skipping counts this request, so `skip: k` means "from the (k+1)-th matching request on".
   */
  const takeFault = (path: string, market: 'spot' | 'swap', query: Record<string, string>): Fault | undefined => {
    const matching = faults.filter((fault) => matches(fault, path, market, query));
    const active = matching.find((fault) => (fault.skip ?? 0) <= 0);
    for (const fault of matching) if ((fault.skip ?? 0) > 0) fault.skip = (fault.skip ?? 0) - 1;
    if (active) active.times -= 1;
    return active;
  };

  /** Answers the request with its fault, or returns the fault that shapes a normal klines answer (or undefined). */
  const applyFault = (path: string, query: Record<string, string>, response: ServerResponse): Fault | 'answered' | undefined => {
    const market = marketOf(path);
    const fault = takeFault(path, market, query);
    if (!fault) return undefined;
    const retryAfter = { 'retry-after': String(fault.retryAfterSeconds ?? 0) };
    switch (fault.kind) {
      case 'hang':
        return 'answered'; // never answers; the client times out
      case 'rate-limit':
        send(response, 429, { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' }, retryAfter);
        return 'answered';
      case 'ban': {
        const until = Date.now() + (fault.retryAfterSeconds ?? 0) * 1000;
        send(response, 418, { code: -1003, msg: `Way too much request weight used; IP banned until ${until}. Please use WebSocket Streams for live updates to avoid bans.` }, retryAfter);
        return 'answered';
      }
      case 'server-error':
        sendText(response, 503, 'text/html', '<html><body>503 Service Unavailable</body></html>');
        return 'answered';
      case 'binance-error':
        send(response, fault.status ?? 500, { code: fault.code ?? -1000, msg: BINANCE_ERROR_MESSAGES[fault.code ?? -1000] ?? 'Unknown error.' });
        return 'answered';
      case 'html-200':
        sendText(response, 200, 'text/html', '<!DOCTYPE html><html><head><title>Binance</title></head><body>Please wait...</body></html>');
        return 'answered';
      case 'empty-body':
        sendText(response, 200, 'application/json', '');
        return 'answered';
      case 'empty-page':
        send(response, 200, []);
        return 'answered';
      case 'backwards-page': {
        const rows = pageBefore(market, query);
        if (!rows) return undefined;
        send(response, 200, rows);
        return 'answered';
      }
      case 'invalid-symbol':
        send(response, 400, { code: -1121, msg: 'Invalid symbol.' });
        return 'answered';
      default:
        return fault; // truncated-body, bad-candle: shape the normal klines answer
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, query });
    const fault = applyFault(url.pathname, query, response);
    if (fault === 'answered') return;
    const reply = (status: number, body: unknown) => send(response, status, body, {}, fault?.kind === 'truncated-body');
    const market = marketOf(url.pathname);
    const prefix = market === 'swap' ? '/fapi/v1' : '/api/v3';
    switch (url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname) {
      case '/exchangeInfo':
        return reply(200, {
          timezone: 'UTC', serverTime: state.nowMs, rateLimits: [], exchangeFilters: [],
          symbols: listed(market).map(exchangeSymbol),
        });
      case '/ticker/24hr': {
        if (query.symbol) {
          const entry = bySymbol.get(`${market}:${query.symbol}`);
          return entry ? reply(200, ticker(entry.symbol, state.nowMs)) : reply(400, { code: -1121, msg: 'Invalid symbol.' });
        }
        return reply(200, listed(market).map((symbol) => ticker(symbol, state.nowMs)));
      }
      case '/klines':
        return klines(market, query, response, fault);
      case '/time':
        return reply(200, { serverTime: state.nowMs });
      case '/ping':
        return reply(200, {});
      default:
        unknownPaths.push(url.pathname);
        return reply(404, { code: -1, msg: `fake binance: unknown path ${url.pathname}` });
    }
  };

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    unknownPaths,
    get nowMs() {
      return state.nowMs;
    },
    set nowMs(value: number) {
      state.nowMs = value;
    },
    addFault: (fault) => void faults.push({ ...fault }),
    pendingFaults: () => faults.filter((fault) => fault.times > 0 && fault.times !== Infinity),
    requestsTo: (path, symbol) => requests.filter((r) => r.path === path && (symbol === undefined || r.query.symbol === symbol)),
    exchangeOptions: (timeoutMs = 2000, market = 'spot') => ({
      timeout: timeoutMs,
      rateLimit: 1,
      urls: {
        api: {
          public: `${url}/api/v3`, private: `${url}/api/v3`, v1: `${url}/api/v1`, sapi: `${url}/sapi/v1`,
          fapiPublic: `${url}/fapi/v1`, fapiPublicV2: `${url}/fapi/v2`, fapiPublicV3: `${url}/fapi/v3`,
        },
      },
      options: { fetchMarkets: { types: [market === 'swap' ? 'linear' : 'spot'] }, fetchCurrencies: false },
    }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
