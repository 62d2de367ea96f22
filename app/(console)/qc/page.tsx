import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { QcConfigEditor } from "./qc-config-editor";

export default async function QcPage() {
  const user = await requireUser("viewer");
  return <QcConfigEditor canEdit={roleAllows("staff", user.role)} />;
}
