/**
 * The rows of an `it.each` / `describe.each` table, or an error when there are none. vitest turns an empty table
 * into zero tests without a word, so a table built from data that is missing would make its tests vanish; call
 * this where the table is built and the file fails instead.
 */
export function nonEmptyCases<T>(table: string, rows: readonly T[]): T[] {
  if (rows.length === 0) throw new Error(`the case table "${table}" is empty: its tests would silently vanish`);
  return [...rows];
}
