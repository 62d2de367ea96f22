import { csvDownloadRoute } from "@/app/_lib/api-user";
import { db } from "@/server/db";
import { exportRunsCsv } from "@/server/runs/export-runs-csv";
import { runFilterInput } from "@/server/runs/schemas";

export const dynamic = "force-dynamic";

/** Run history as CSV: the Runs page's view (its URL's filter and order), every page of it. */
export const GET = csvDownloadRoute("runs", "staff", runFilterInput, (view) => exportRunsCsv(db, view));
