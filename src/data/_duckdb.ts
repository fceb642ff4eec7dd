import { randomBytes } from 'node:crypto';
import bindings from '@duckdb/node-bindings';
import { DOUBLE, type DuckDBConnection, DuckDBInstance, DuckDBTableFunction, VARCHAR } from '@duckdb/node-api';

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

interface ColumnSource {
  readonly names: readonly string[];
  readonly columns: readonly Float64Array[];
}

const sources = new Map<string, ColumnSource>();
let columnsFunction: DuckDBTableFunction | undefined;

/**
 * Table function `scalp_columns('<id>')` that streams registered Float64Arrays into a query as DOUBLE columns,
 * one vector-size chunk per call filled by raw memory copies (no per-value calls, no temp table): a
 * `COPY (SELECT ... FROM scalp_columns(...)) TO 'x.parquet'` reads the JS columns straight into the writer.
 * One scanning thread keeps the rows in order.
 */
function scalpColumnsFunction(): DuckDBTableFunction {
  columnsFunction ??= DuckDBTableFunction.create({
    name: 'scalp_columns',
    parameterTypes: [VARCHAR],
    bindFunction: (bind) => {
      const source = sources.get(String(bind.getParameter(0)));
      if (!source) return bind.setError('scalp_columns: no columns registered under this id');
      for (const name of source.names) bind.addResultColumn(name, DOUBLE);
      bind.setBindData(source);
      bind.setCardinality(source.columns[0]?.length ?? 0, true);
    },
    initFunction: (init) => {
      init.setInitData({ offset: 0 });
      init.setMaxThreads(1);
    },
    mainFunction: (info, output) => {
      try {
        const { columns } = info.bindData as ColumnSource;
        const state = info.initData as { offset: number };
        const count = Math.min(bindings.vector_size(), (columns[0]?.length ?? 0) - state.offset);
        output.rowCount = count;
        for (let c = 0; c < columns.length && count > 0; c++) {
          const column = columns[c];
          const vector = bindings.data_chunk_get_vector(output.chunk, c);
          bindings.copy_data_to_vector(vector, 0, column.buffer as ArrayBuffer, column.byteOffset + state.offset * 8, count * 8);
        }
        state.offset += count;
      } catch (error) {
        info.setError(`scalp_columns: ${(error as Error).message}`);
      }
    },
  });
  return columnsFunction;
}

/**
 * Makes `columns` (equal lengths) readable on `connection` as the table expression passed to `fn`
 * (`scalp_columns('<id>')`, columns named by `names`, all DOUBLE) for the duration of `fn`.
 */
export async function withColumnSource<T>(
  connection: DuckDBConnection,
  names: readonly string[],
  columns: readonly Float64Array[],
  fn: (tableExpression: string) => Promise<T>,
): Promise<T> {
  const id = randomBytes(8).toString('hex');
  sources.set(id, { names, columns });
  try {
    connection.registerTableFunction(scalpColumnsFunction());
    return await fn(`scalp_columns('${id}')`);
  } finally {
    sources.delete(id);
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
