import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { AlertsBoard } from "./alerts-board";

export default async function AlertsPage() {
  const user = await requireUser("viewer");
  return <AlertsBoard canAct={roleAllows("staff", user.role)} />;
}
