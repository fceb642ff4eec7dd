/**
 * A real HTTP server on 127.0.0.1 that answers like Binance's spot REST API for what ccxt's `binance` class
 * calls to load markets, tickers and klines. Deterministic candles, a settable server clock, scriptable faults
 * (429 with Retry-After, 5xx, hangs, invalid symbol), real gaps, and a log of every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

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

export type FaultKind = 'rate-limit' | 'server-error' | 'hang' | 'invalid-symbol';

export interface Fault {
  /** Request path, e.g. '/api/v3/klines'. */
  readonly path: string;
  /** Only requests with this exchange symbol id ('BTCUSDT'); any when absent. */
  readonly symbol?: string;
  readonly kind: FaultKind;
  /** How many matching requests fail; Infinity = always. */
  times: number;
  /** Retry-After header of a 'rate-limit' fault, in seconds (default 0). */
  readonly retryAfterSeconds?: number;
}

export interface RecordedRequest {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

export interface FakeBinanceOptions {
  readonly symbols: readonly FakeSymbol[];
  /** Server clock in epoch ms (the still-open candle is the one containing it). */
  readonly nowMs: number;
  readonly gaps?: readonly FakeGap[];
}

export interface FakeBinanceServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests to paths this fake does not implement (answered 404). */
  readonly unknownPaths: string[];
  nowMs: number;
  addFault(fault: Fault): void;
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

/** One kline in Binance's wire format: numbers for times and counts, strings for prices and volumes. */
function kline(seed: number, openTime: number, tfMs: number): unknown[] {
  const index = openTime / tfMs;
  const open = priceAt(seed, index - 1);
  const close = priceAt(seed, index);
  const high = Math.max(open, close) * 1.001;
  const low = Math.min(open, close) * 0.999;
  const volume = 1 + (Math.abs(Math.floor(Math.sin(index) * 1000)) % 100);
  const text = (value: number) => value.toFixed(8);
  return [openTime, text(open), text(high), text(low), text(close), text(volume), openTime + tfMs - 1,
    text(volume * close), 10, text(volume / 2), text((volume / 2) * close), '0'];
}

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
  const state = { nowMs: options.nowMs };

  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };

  const klines = (market: 'spot' | 'swap', query: Record<string, string>, response: ServerResponse) => {
    const entry = bySymbol.get(`${market}:${query.symbol ?? ''}`);
    if (!entry) return send(response, 400, { code: -1121, msg: 'Invalid symbol.' });
    const tfMs = INTERVAL_MS[query.interval ?? ''];
    if (!tfMs) return send(response, 400, { code: -1120, msg: 'Invalid interval.' });
    const limit = query.limit === undefined ? 500 : Number(query.limit);
    if (!(limit >= 1 && limit <= (market === 'swap' ? 1500 : 1000))) return send(response, 400, { code: -1130, msg: "Data sent for parameter 'limit' is not valid." });
    const lastOpen = Math.floor(Math.min(state.nowMs, query.endTime ? Number(query.endTime) : Infinity) / tfMs) * tfMs;
    const first = query.startTime ? Math.ceil(Number(query.startTime) / tfMs) * tfMs : lastOpen - (limit - 1) * tfMs;
    const gaps = (options.gaps ?? []).filter((gap) => gap.symbol === query.symbol);
    const rows: unknown[] = [];
    for (let openTime = first; openTime <= lastOpen && rows.length < limit; openTime += tfMs) {
      if (gaps.some((gap) => openTime >= gap.from && openTime < gap.to)) continue;
      rows.push(kline(entry.seed, openTime, tfMs));
    }
    send(response, 200, rows);
  };

  const applyFault = (path: string, query: Record<string, string>, response: ServerResponse): boolean => {
    const fault = faults.find((f) => f.times > 0 && f.path === path && (f.symbol === undefined || f.symbol === query.symbol));
    if (!fault) return false;
    fault.times -= 1;
    if (fault.kind === 'hang') return true; // never answers; the client times out
    if (fault.kind === 'rate-limit') {
      send(response, 429, { code: -1003, msg: 'Too many requests.' }, { 'retry-after': String(fault.retryAfterSeconds ?? 0) });
    } else if (fault.kind === 'server-error') {
      response.writeHead(503, { 'content-type': 'text/html' });
      response.end('<html><body>503 Service Unavailable</body></html>');
    } else {
      send(response, 400, { code: -1121, msg: 'Invalid symbol.' });
    }
    return true;
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, query });
    if (applyFault(url.pathname, query, response)) return;
    const market = marketOf(url.pathname);
    const prefix = market === 'swap' ? '/fapi/v1' : '/api/v3';
    switch (url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname) {
      case '/exchangeInfo':
        return send(response, 200, {
          timezone: 'UTC', serverTime: state.nowMs, rateLimits: [], exchangeFilters: [],
          symbols: listed(market).map(exchangeSymbol),
        });
      case '/ticker/24hr': {
        if (query.symbol) {
          const entry = bySymbol.get(`${market}:${query.symbol}`);
          return entry ? send(response, 200, ticker(entry.symbol, state.nowMs)) : send(response, 400, { code: -1121, msg: 'Invalid symbol.' });
        }
        return send(response, 200, listed(market).map((symbol) => ticker(symbol, state.nowMs)));
      }
      case '/klines':
        return klines(market, query, response);
      case '/time':
        return send(response, 200, { serverTime: state.nowMs });
      case '/ping':
        return send(response, 200, {});
      default:
        unknownPaths.push(url.pathname);
        return send(response, 404, { code: -1, msg: `fake binance: unknown path ${url.pathname}` });
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
