/** Rows from drizzle's `execute`: postgres.js answers with the rows, PGlite with an object holding them. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
