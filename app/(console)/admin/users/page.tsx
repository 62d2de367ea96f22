import { requireUser } from "@/app/_lib/current-user";
import { UsersAdmin } from "./users-admin";

export default async function UsersPage() {
  const me = await requireUser("admin");
  return <UsersAdmin currentUserId={me.id} />;
}
