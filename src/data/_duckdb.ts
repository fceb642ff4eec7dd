import bindings from '@duckdb/node-bindings';
import { DOUBLE, DuckDBConnection, DuckDBDataChunk, DuckDBInstance } from '@duckdb/node-api';

let instance: Promise<DuckDBInstance> | undefined;

/** The process's one in-memory DuckDB instance, created on first use. */
function duckdb(): Promise<DuckDBInstance> {
  instance ??= DuckDBInstance.create(':memory:');
  return instance;
}

/** Runs `fn` on a fresh connection (temp tables are per connection, so concurrent callers never collide). */
export async function withConnection<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const connection = await (await duckdb()).connect();
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
  }
}

/** A SQL string literal: 'it''s'. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Creates temp table `table` with one DOUBLE column per name and bulk-loads `columns` into it: data chunks of
 * DuckDB's vector size filled by raw memory copies from the Float64Arrays (no per-value calls).
 */
export async function loadDoubleColumns(
  connection: DuckDBConnection,
  table: string,
  names: readonly string[],
  columns: readonly Float64Array[],
): Promise<void> {
  await connection.run(`CREATE TEMP TABLE ${table} (${names.map((name) => `"${name}" DOUBLE`).join(', ')})`);
  const appender = await connection.createAppender(table);
  try {
    const length = columns[0]?.length ?? 0;
    const chunkSize = bindings.vector_size();
    const chunk = DuckDBDataChunk.create(names.map(() => DOUBLE));
    for (let start = 0; start < length; start += chunkSize) {
      const count = Math.min(chunkSize, length - start);
      chunk.rowCount = count;
      for (let c = 0; c < columns.length; c++) {
        const column = columns[c];
        const vector = bindings.data_chunk_get_vector(chunk.chunk, c);
        bindings.copy_data_to_vector(vector, 0, column.buffer as ArrayBuffer, column.byteOffset + start * 8, count * 8);
      }
      appender.appendDataChunk(chunk);
    }
  } finally {
    appender.closeSync();
  }
}

/**
 * Runs a query whose columns are all DOUBLE and copies them into one Float64Array per column, chunk by chunk,
 * straight from DuckDB's vector memory. `allocate(rows)` provides the output columns.
 */
export async function readDoubleColumns(
  connection: DuckDBConnection,
  sql: string,
  allocate: (rows: number) => Float64Array[],
): Promise<Float64Array[]> {
  const result = await connection.run(sql);
  const output = allocate(result.rowCount);
  let offset = 0;
  for (let k = 0; k < result.chunkCount; k++) {
    const chunk = result.getChunk(k);
    const count = chunk.rowCount;
    for (let c = 0; c < output.length; c++) {
      const vector = bindings.data_chunk_get_vector(chunk.chunk, c);
      const validity = bindings.vector_get_validity(vector, Math.ceil(count / 64) * 8) as Uint8Array | null;
      const bytes = bindings.vector_get_data(vector, count * 8);
      output[c].set(new Float64Array(bytes.buffer, bytes.byteOffset, count), offset);
      if (validity) markNulls(output[c], offset, validity, count);
    }
    offset += count;
  }
  return output;
}

/** NULLs become NaN so the reader's finiteness check reports them. */
function markNulls(column: Float64Array, offset: number, validity: Uint8Array, count: number): void {
  for (let i = 0; i < count; i++) {
    if ((validity[i >> 3] & (1 << (i & 7))) === 0) column[offset + i] = Number.NaN;
  }
}
