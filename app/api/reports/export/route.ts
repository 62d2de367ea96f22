import { apiUser, streamDownload } from "@/app/_lib/api-user";
import { db } from "@/server/db";
import { exportReports } from "@/server/reports/export-reports";
import { exportReportsInput } from "@/server/reports/schemas";
import { guardRoute } from "@/server/http/route-errors";

export const dynamic = "force-dynamic";

export const GET = guardRoute("reports.export", async (req: Request) => {
  const user = await apiUser(req, "viewer");
  if (user instanceof Response) return user;
  const parsed = exportReportsInput.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, { status: 400 });
  const { format, level, resolution } = parsed.data;
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "");
  const type = format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
  return streamDownload(exportReports(db, parsed.data), `gristmill-reports-${level}-${resolution}-${stamp}.${format}`, type);
});
