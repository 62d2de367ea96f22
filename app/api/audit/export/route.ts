import { csvDownloadRoute } from "@/app/_lib/api-user";
import { exportAuditCsv } from "@/server/audit/export-audit-csv";
import { auditFilterInput } from "@/server/audit/schemas";
import { db } from "@/server/db";

export const dynamic = "force-dynamic";

export const GET = csvDownloadRoute("audit", "admin", auditFilterInput, (filter) => exportAuditCsv(db, filter));
