import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { StationsBoard } from "./stations-board";

export default async function StationsPage() {
  const user = await requireUser("viewer");
  return <StationsBoard canCreate={roleAllows("operator", user.role)} />;
}
