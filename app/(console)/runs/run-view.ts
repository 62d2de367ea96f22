import { parseAsStringLiteral } from "nuqs/server";
import { parseAsFilterText, parseAsSortDirection } from "@/components/ui/url-state";
import { runSortSchema, runStatusSchema, runTriggerSchema } from "@/server/runs/schemas";

/** Run history's view as URL parameters, so a link reproduces the filter and the order. */
export const runViewParams = {
  definitionId: parseAsFilterText,
  kind: parseAsFilterText,
  status: parseAsStringLiteral(runStatusSchema.options),
  trigger: parseAsStringLiteral(runTriggerSchema.options),
  /** Local date-times as the inputs hold them (YYYY-MM-DDTHH:mm). */
  from: parseAsFilterText,
  to: parseAsFilterText,
  search: parseAsFilterText,
  sort: parseAsStringLiteral(runSortSchema.options).withDefault("queuedAt"),
  dir: parseAsSortDirection.withDefault("desc"),
};
