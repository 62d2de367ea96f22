import { csvDownloadRoute } from "@/app/_lib/api-user";
import { db } from "@/server/db";
import { exportSensorsCsv } from "@/server/sensors/export-sensors-csv";
import { sensorFilterInput } from "@/server/sensors/schemas";

export const dynamic = "force-dynamic";

/** The sensor list as CSV: the Sensors page's view (its URL's filter and order), every sensor in it. */
export const GET = csvDownloadRoute("sensors", "viewer", sensorFilterInput, (view) => exportSensorsCsv(db, view));
