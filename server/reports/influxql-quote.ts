/**
 * InfluxQL quoting for values that reach a query from data (sensor keys, tag names).
 * Kept here until the shared readings layer lands; fold into server/readings at merge.
 */

/** An identifier (measurement, tag, field) in double quotes, with backslashes and quotes escaped. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** A string literal in single quotes, with backslashes and quotes escaped. */
export function quoteString(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** An epoch-milliseconds time literal; only integers reach the query. */
export function timeLiteral(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new Error(`not an integer time: ${ms}`);
  return `${ms}ms`;
}
