import { apiUser, streamDownload } from "@/app/_lib/api-user";
import { exportAuditCsv } from "@/server/audit/export-audit-csv";
import { auditFilterInput } from "@/server/audit/schemas";
import { db } from "@/server/db";
import { guardRoute } from "@/server/http/route-errors";

export const dynamic = "force-dynamic";

export const GET = guardRoute("audit.export", async (req: Request) => {
  const user = await apiUser(req, "admin");
  if (user instanceof Response) return user;
  const parsed = auditFilterInput.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, { status: 400 });
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "");
  return streamDownload(exportAuditCsv(db, parsed.data), `gristmill-audit-${stamp}.csv`, "text/csv; charset=utf-8");
});
