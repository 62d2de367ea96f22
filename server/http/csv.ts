export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  // Quote always; a leading formula character is defused for spreadsheet users.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** CSV of every page of a listing, one page at a time, so memory stays flat however long the list. */
export async function* csvFromPages<T>(
  columns: readonly string[],
  page: (cursor: string | undefined) => Promise<{ rows: T[]; next: string | null }>,
  fields: (row: T) => unknown[],
): AsyncGenerator<string> {
  yield `${columns.join(",")}\n`;
  let cursor: string | undefined;
  do {
    const { rows, next } = await page(cursor);
    if (rows.length) yield rows.map((row) => `${fields(row).map(csvField).join(",")}\n`).join("");
    cursor = next ?? undefined;
  } while (cursor);
}
