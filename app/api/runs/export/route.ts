import { apiUser, queryInput, stampedName, streamDownload } from "@/app/_lib/api-user";
import { db } from "@/server/db";
import { guardRoute } from "@/server/http/route-errors";
import { exportRunsCsv } from "@/server/runs/export-runs-csv";
import { runFilterInput } from "@/server/runs/schemas";

export const dynamic = "force-dynamic";

/** Run history as CSV: the Runs page's view (its URL's filter and order), every page of it. */
export const GET = guardRoute("runs.export", async (req: Request) => {
  const user = await apiUser(req, "staff");
  if (user instanceof Response) return user;
  const view = queryInput(req, runFilterInput);
  if (view instanceof Response) return view;
  return streamDownload(exportRunsCsv(db, view), stampedName("runs", "csv"), "text/csv; charset=utf-8");
});
