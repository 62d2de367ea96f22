import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { NotificationsBoard } from "./notifications-board";

export default async function NotificationsPage() {
  const user = await requireUser("staff");
  return <NotificationsBoard canManage={roleAllows("operator", user.role)} />;
}
