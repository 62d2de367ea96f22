import { apiUser, queryInput, stampedName, streamDownload } from "@/app/_lib/api-user";
import { db } from "@/server/db";
import { guardRoute } from "@/server/http/route-errors";
import { exportSensorsCsv } from "@/server/sensors/export-sensors-csv";
import { sensorFilterInput } from "@/server/sensors/schemas";

export const dynamic = "force-dynamic";

/** The sensor list as CSV: the Sensors page's view (its URL's filter and order), every sensor in it. */
export const GET = guardRoute("sensors.export", async (req: Request) => {
  const user = await apiUser(req, "viewer");
  if (user instanceof Response) return user;
  const view = queryInput(req, sensorFilterInput);
  if (view instanceof Response) return view;
  return streamDownload(exportSensorsCsv(db, view), stampedName("sensors", "csv"), "text/csv; charset=utf-8");
});
