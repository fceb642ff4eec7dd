import type { IndicatorCache, IndicatorRequest } from './indicator-cache.js';

/** The element types an indicator output array may have. */
type OutputArray = Float64Array | Uint8Array;
type ArrayKind = 'f64' | 'u8';

/** One array of a shared output: its field name ('' for an indicator that returns one array) and element type. */
export interface SharedField {
  readonly name: string;
  readonly kind: ArrayKind;
}

/**
 * An indicator output in shared memory (a SharedArrayBuffer), as one thread computes it for a pool of workers:
 * `fields` are the output's arrays, each `length` values from `byteOffset` on, one after the other (each padded
 * to 8 bytes). Cloning it to a worker shares the memory, so every worker reads the same arrays and none computes
 * them again.
 */
export interface SharedIndicator {
  readonly request: IndicatorRequest;
  readonly fields: readonly SharedField[];
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly length: number;
}

const kindOf = (value: unknown): ArrayKind | undefined => (value instanceof Float64Array ? 'f64' : value instanceof Uint8Array ? 'u8' : undefined);

/** Bytes one field of `length` values takes in the shared buffer (8-byte aligned, so every field can be viewed). */
function fieldBytes(kind: ArrayKind, length: number): number {
  return kind === 'f64' ? length * 8 : Math.ceil(length / 8) * 8;
}

/** The output of a request laid out as SharedIndicator fields: '' for an array, else the object's array fields. */
function fieldsOf(output: unknown): SharedField[] {
  const single = kindOf(output);
  if (single !== undefined) return [{ name: '', kind: single }];
  const fields: SharedField[] = [];
  for (const [name, value] of Object.entries(output as Record<string, unknown>)) {
    const kind = kindOf(value);
    if (kind !== undefined) fields.push({ name, kind });
  }
  return fields;
}

const outputBytes = (fields: readonly SharedField[], length: number) => fields.reduce((sum, field) => sum + fieldBytes(field.kind, length), 0);

/**
 * Computes `requests` with `cache` (bound to the candles), copies each output into one new SharedArrayBuffer and
 * makes the cache hold the shared views instead of its own arrays.
 */
export function computeShared(cache: IndicatorCache, requests: readonly IndicatorRequest[]): SharedIndicator[] {
  const length = cache.candles.close.length;
  const outputs = requests.map((request) => (cache.get as (name: string, params: object) => unknown)(request.name, request.params));
  const fields = outputs.map(fieldsOf);
  const buffer = new SharedArrayBuffer(fields.reduce((sum, output) => sum + outputBytes(output, length), 0));
  let byteOffset = 0;
  return requests.map((request, i) => {
    const shared: SharedIndicator = { request, fields: fields[i], buffer, byteOffset, length };
    const view = sharedOutput(shared);
    const arrayOf = (from: unknown, name: string) => (name === '' ? from : (from as Record<string, unknown>)[name]) as OutputArray;
    for (const { name } of fields[i]) arrayOf(view, name).set(arrayOf(outputs[i], name) as never);
    byteOffset += outputBytes(fields[i], length);
    cache.clearKey(request.key);
    cache.adopt(request, view);
    return shared;
  });
}

/** The output object (or array) viewing a shared indicator's memory, shaped as `IndicatorCache.get` returns it. */
export function sharedOutput(shared: SharedIndicator): unknown {
  let offset = shared.byteOffset;
  const views = shared.fields.map(({ name, kind }) => {
    const view = kind === 'f64' ? new Float64Array(shared.buffer, offset, shared.length) : new Uint8Array(shared.buffer, offset, shared.length);
    offset += fieldBytes(kind, shared.length);
    return [name, view] as const;
  });
  if (views.length === 1 && views[0][0] === '') return views[0][1];
  return Object.fromEntries(views);
}
