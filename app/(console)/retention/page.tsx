import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { RetentionEditor } from "./retention-editor";

export default async function RetentionPage() {
  const user = await requireUser("staff");
  return <RetentionEditor canEdit={roleAllows("operator", user.role)} isAdmin={user.role === "ADMIN"} />;
}
