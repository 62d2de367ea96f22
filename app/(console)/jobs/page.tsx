import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { JobsBoard } from "./jobs-board";

export default async function JobsPage() {
  const user = await requireUser("staff");
  return <JobsBoard canEdit={roleAllows("operator", user.role)} />;
}
