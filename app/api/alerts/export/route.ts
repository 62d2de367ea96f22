import { csvDownloadRoute } from "@/app/_lib/api-user";
import { exportIncidentsCsv } from "@/server/alerts/export-incidents-csv";
import { incidentFilterInput } from "@/server/alerts/schemas";
import { db } from "@/server/db";

export const dynamic = "force-dynamic";

/** Alert incidents as CSV: the Alerts page's view (its URL's filter and order), every incident in it. */
export const GET = csvDownloadRoute("alerts", "viewer", incidentFilterInput, (view) => exportIncidentsCsv(db, view));
