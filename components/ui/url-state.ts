import { createParser, parseAsStringLiteral } from "nuqs/server";

/** A text filter from the URL; an oversized value is dropped (the server bounds it again). */
export const parseAsFilterText = createParser({
  parse: (value: string) => (value.length <= 200 ? value : null),
  serialize: (value: string) => value,
});

export const parseAsSortDirection = parseAsStringLiteral(["asc", "desc"] as const);

/** The query string of a view's non-empty values, for links such as a CSV download of the same view. */
export function viewQuery(view: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams(Object.entries(view).filter((e): e is [string, string] => Boolean(e[1])));
  return params.size ? `?${params}` : "";
}
