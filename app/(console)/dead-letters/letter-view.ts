import { parseAsStringLiteral } from "nuqs/server";
import { parseAsFilterText, parseAsSortDirection } from "@/components/ui/url-state";
import { deadLetterSortSchema, deadLetterStateSchema } from "@/server/dead-letters/schemas";

/** The dead-letter page's view as URL parameters, so a link reproduces the filter and the order. */
export const letterViewParams = {
  /** Without a state in the URL: pending letters, or every state when the link names one letter. */
  state: parseAsStringLiteral(deadLetterStateSchema.options),
  letter: parseAsFilterText,
  kind: parseAsFilterText,
  jobName: parseAsFilterText,
  errorGroup: parseAsFilterText,
  search: parseAsFilterText,
  sort: parseAsStringLiteral(deadLetterSortSchema.options).withDefault("createdAt"),
  dir: parseAsSortDirection.withDefault("desc"),
};
