import type { IndicatorCache, IndicatorRequest } from './indicator-cache.js';

/**
 * An indicator output in shared memory (a SharedArrayBuffer), as one thread computes it for a pool of workers:
 * `fields` names the output's arrays ('' for an indicator that returns one array), each `length` float64 values
 * from `byteOffset` on, one after the other. Cloning it to a worker shares the memory, so every worker reads the
 * same arrays and none computes them again.
 */
export interface SharedIndicator {
  readonly request: IndicatorRequest;
  readonly fields: readonly string[];
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly length: number;
}

/** The output of a request laid out as SharedIndicator fields: '' for an array, else the object's array fields. */
function fieldsOf(output: unknown): string[] {
  if (output instanceof Float64Array) return [''];
  return Object.entries(output as Record<string, unknown>).filter(([, value]) => value instanceof Float64Array).map(([name]) => name);
}

/**
 * Computes `requests` with `cache` (bound to the candles), copies each output into one new SharedArrayBuffer and
 * makes the cache hold the shared views instead of its own arrays.
 */
export function computeShared(cache: IndicatorCache, requests: readonly IndicatorRequest[]): SharedIndicator[] {
  const length = cache.candles.close.length;
  const outputs = requests.map((request) => (cache.get as (name: string, params: object) => unknown)(request.name, request.params));
  const fields = outputs.map(fieldsOf);
  const bytes = fields.reduce((sum, names) => sum + names.length, 0) * length * Float64Array.BYTES_PER_ELEMENT;
  const buffer = new SharedArrayBuffer(bytes);
  let byteOffset = 0;
  return requests.map((request, i) => {
    const shared: SharedIndicator = { request, fields: fields[i], buffer, byteOffset, length };
    const view = sharedOutput(shared);
    for (const name of fields[i]) {
      const target = name === '' ? (view as Float64Array) : (view as Record<string, Float64Array>)[name];
      target.set(name === '' ? (outputs[i] as Float64Array) : (outputs[i] as Record<string, Float64Array>)[name]);
    }
    byteOffset += fields[i].length * length * Float64Array.BYTES_PER_ELEMENT;
    cache.clearKey(request.key);
    cache.adopt(request, view);
    return shared;
  });
}

/** The output object (or array) viewing a shared indicator's memory, shaped as `IndicatorCache.get` returns it. */
export function sharedOutput(shared: SharedIndicator): unknown {
  const column = (i: number) => new Float64Array(shared.buffer, shared.byteOffset + i * shared.length * Float64Array.BYTES_PER_ELEMENT, shared.length);
  if (shared.fields.length === 1 && shared.fields[0] === '') return column(0);
  return Object.fromEntries(shared.fields.map((name, i) => [name, column(i)]));
}
