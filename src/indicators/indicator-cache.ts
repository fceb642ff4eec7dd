import type { Candles } from '../core/index.js';
import {
  INDICATORS,
  type IndicatorDefinition,
  type IndicatorInput,
  type IndicatorName,
  type IndicatorOutput,
  type IndicatorParams,
  type PriceSource,
} from './indicator-registry.js';

export interface IndicatorCacheStats {
  /** Calls answered from the cache. */
  readonly hits: number;
  /** Calls that computed the indicator. */
  readonly misses: number;
  /** Distinct (indicator, params) results held. */
  readonly entries: number;
  /** Bytes held by the cached arrays (indicators and derived price sources). */
  readonly bytes: number;
}

/** One (indicator, params) as the cache keys it: parameters with defaults applied. */
export interface IndicatorRequest {
  readonly name: IndicatorName;
  readonly params: object;
  readonly key: string;
}

/** Parameters are optional only for indicators that take none (trueRange, vwap). */
type ParamsArgument<Name extends IndicatorName> = object extends IndicatorParams<Name>
  ? [params?: IndicatorParams<Name>]
  : [params: IndicatorParams<Name>];

/**
 * Computes each (indicator, params) once for one set of candles (one pair and timeframe) and hands back the same
 * arrays afterwards, so a parameter grid pays for every distinct indicator only once (backtesting.py's `I()`).
 *
 * Keys are the name plus the parameters with defaults applied, sorted by key: `{period: 21}` and
 * `{source: 'close', period: 21}` share one entry. Returned arrays are shared: treat them as read-only.
 */
export class IndicatorCache {
  readonly #results = new Map<string, unknown>();
  readonly #requests = new Map<string, IndicatorRequest>();
  readonly #sources = new Map<PriceSource, Float64Array>();
  readonly #input: IndicatorInput;
  #parent: IndicatorCache | undefined;
  #shareComputed = false;
  #hits = 0;
  #misses = 0;

  constructor(readonly candles: Candles) {
    this.#input = { candles, source: (name) => this.source(name) };
  }

  /**
   * A cache for one task on the same candles: it returns what this cache holds, and what is adopted into it stays
   * in it, so dropping it frees those arrays (a worker lends a task the pool's shared indicators this way). What it
   * computes stays in it too (one-off requests, such as the neighbour params a stability check asks for once), or
   * with `shareComputed` goes to this cache for later tasks.
   */
  overlay(options: { shareComputed?: boolean } = {}): IndicatorCache {
    const overlay = new IndicatorCache(this.candles);
    overlay.#parent = this;
    overlay.#shareComputed = options.shareComputed === true;
    return overlay;
  }

  /** The indicator's output for these parameters, computed on first use. */
  get<Name extends IndicatorName>(name: Name, ...[params]: ParamsArgument<Name>): IndicatorOutput<Name> {
    const definition = INDICATORS[name] as unknown as IndicatorDefinition<object, object, IndicatorOutput<Name>>;
    if (definition === undefined) {
      throw new RangeError(`IndicatorCache: unknown indicator "${String(name)}"; known: ${Object.keys(INDICATORS).join(', ')}`);
    }
    const resolved = withDefaults(definition.defaults, params ?? {});
    const key = cacheKey(name, resolved);
    const held = this.held(key);
    if (held !== undefined) {
      this.#hits++;
      return held as IndicatorOutput<Name>;
    }
    if (this.#shareComputed && this.#parent !== undefined) return this.#parent.get(name, ...([params] as ParamsArgument<Name>));
    this.#misses++;
    const output = definition.compute(this.#input, resolved);
    this.#results.set(key, output);
    this.#requests.set(key, { name, params: resolved, key });
    return output;
  }

  /** Every (indicator, params) this cache was asked for, with defaults applied, in first-request order. */
  requests(): IndicatorRequest[] {
    return [...this.#requests.values()];
  }

  /**
   * Hands the cache an output computed elsewhere (e.g. by another worker into shared memory): later `get`s of
   * that key return it. It must equal what `get` would compute on these candles. A key already held is kept.
   */
  adopt(request: IndicatorRequest, output: unknown): void {
    if (!this.#results.has(request.key)) this.#results.set(request.key, output);
  }

  /** The resolved request (defaults applied, key) of `name` with `params`, without computing anything. */
  static request(name: IndicatorName, params: object = {}): IndicatorRequest {
    const definition = INDICATORS[name] as unknown as IndicatorDefinition<object, object, unknown> | undefined;
    if (definition === undefined) throw new RangeError(`IndicatorCache: unknown indicator "${String(name)}"; known: ${Object.keys(INDICATORS).join(', ')}`);
    const resolved = withDefaults(definition.defaults, params);
    return { name, params: resolved, key: cacheKey(name, resolved) };
  }

  /** A price column or derived price (hl2, hlc3, ohlc4), computed once. */
  source(name: PriceSource): Float64Array {
    const c = this.candles;
    switch (name) {
      case 'open':
      case 'high':
      case 'low':
      case 'close':
      case 'volume':
        return c[name];
    }
    let derived = this.heldSource(name);
    if (derived === undefined) {
      derived = new Float64Array(c.close.length);
      for (let i = 0; i < derived.length; i++) {
        if (name === 'hl2') derived[i] = (c.high[i] + c.low[i]) / 2;
        else if (name === 'hlc3') derived[i] = (c.high[i] + c.low[i] + c.close[i]) / 3;
        else derived[i] = (c.open[i] + c.high[i] + c.low[i] + c.close[i]) / 4;
      }
      this.#sources.set(name, derived);
    }
    return derived;
  }

  stats(): IndicatorCacheStats {
    let bytes = 0;
    for (const array of this.#sources.values()) bytes += array.byteLength;
    for (const output of this.#results.values()) bytes += byteLength(output);
    return { hits: this.#hits, misses: this.#misses, entries: this.#results.size, bytes };
  }

  /** The output held under `key` (here or in the parent of an overlay), without computing anything. */
  private held(key: string): unknown {
    return this.#results.get(key) ?? this.#parent?.held(key);
  }

  private heldSource(name: PriceSource): Float64Array | undefined {
    return this.#sources.get(name) ?? this.#parent?.heldSource(name);
  }

  /** Whether the cache holds this key (computed or adopted; an overlay's parent counts). */
  has(key: string): boolean {
    return this.held(key) !== undefined;
  }

  /** Drops one cached result (to be replaced by `adopt`). */
  clearKey(key: string): void {
    this.#results.delete(key);
  }

  /** Drops every cached result (the counters are kept). */
  clear(): void {
    this.#results.clear();
    this.#requests.clear();
    this.#sources.clear();
  }
}

function withDefaults(defaults: object, params: object): object {
  const resolved: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(params)) if (value !== undefined) resolved[key] = value;
  return resolved;
}

/** `name{a=1,b="close"}` with keys sorted, so equal parameter sets give equal keys whatever their order. */
export function cacheKey(name: string, params: object): string {
  const entries = Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${name}{${entries.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(',')}}`;
}

function byteLength(output: unknown): number {
  if (ArrayBuffer.isView(output)) return output.byteLength;
  let bytes = 0;
  for (const value of Object.values(output as Record<string, unknown>)) if (ArrayBuffer.isView(value)) bytes += value.byteLength;
  return bytes;
}
