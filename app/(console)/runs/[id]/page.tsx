import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { RunDetail } from "./run-detail";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("staff");
  const { id } = await params;
  return <RunDetail id={id} canRerun={roleAllows("engineer", user.role)} />;
}
