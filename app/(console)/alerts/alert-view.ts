import { parseAsStringLiteral } from "nuqs/server";
import { parseAsFilterText, parseAsSortDirection } from "@/components/ui/url-state";

/** The incident list's view as URL parameters; open incidents unless the link says otherwise ("any" shows all). */
export const alertViewParams = {
  status: parseAsStringLiteral(["open", "acknowledged", "resolved", "any"] as const).withDefault("open"),
  severity: parseAsStringLiteral(["critical", "warning"] as const),
  region: parseAsFilterText,
  infraType: parseAsFilterText,
  sensorKey: parseAsFilterText,
  sort: parseAsStringLiteral(["lastSeenAt", "openedAt"] as const).withDefault("lastSeenAt"),
  dir: parseAsSortDirection.withDefault("desc"),
};
