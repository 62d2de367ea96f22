import { apiUser, queryInput, stampedName, streamDownload } from "@/app/_lib/api-user";
import { exportAuditCsv } from "@/server/audit/export-audit-csv";
import { auditFilterInput } from "@/server/audit/schemas";
import { db } from "@/server/db";
import { guardRoute } from "@/server/http/route-errors";

export const dynamic = "force-dynamic";

export const GET = guardRoute("audit.export", async (req: Request) => {
  const user = await apiUser(req, "admin");
  if (user instanceof Response) return user;
  const filter = queryInput(req, auditFilterInput);
  if (filter instanceof Response) return filter;
  return streamDownload(exportAuditCsv(db, filter), stampedName("audit", "csv"), "text/csv; charset=utf-8");
});
