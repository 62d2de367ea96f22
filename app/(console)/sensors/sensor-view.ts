import { parseAsStringLiteral, type inferParserType } from "nuqs/server";
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

export const SENSOR_PAGE_SIZE = 100;

/** The list query of a view, as the board and the server-rendered first page both send it. */
export function sensorListQuery(view: inferParserType<typeof sensorViewParams>) {
  return {
    infraType: view.infraType ?? undefined,
    region: view.region ?? undefined,
    status: view.status ?? undefined,
    search: view.search ?? undefined,
    sort: view.sort,
    dir: view.dir,
  };
}
