import { parseAsStringLiteral } from "nuqs";
import { parseAsFilterText, parseAsSortDirection } from "@/components/ui/url-state";
import { sensorSortSchema } from "@/server/sensors/schemas";

/** The sensor list's view as URL parameters: a copied link, the back button and the Overview's grid open the same list. */
export const sensorViewParams = {
  infraType: parseAsFilterText,
  region: parseAsFilterText,
  status: parseAsStringLiteral(["OK", "LATE", "SILENT"] as const),
  search: parseAsFilterText,
  sort: parseAsStringLiteral(sensorSortSchema.options).withDefault("key"),
  dir: parseAsSortDirection.withDefault("asc"),
};
