import { requireUser } from "@/app/_lib/current-user";
import { AuditLog } from "./audit-log";

export default async function AuditPage() {
  await requireUser("admin");
  return <AuditLog />;
}
