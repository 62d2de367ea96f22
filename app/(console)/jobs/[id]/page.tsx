import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { JobDetail } from "./job-detail";

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("staff");
  const { id } = await params;
  return <JobDetail id={id} canEdit={roleAllows("operator", user.role)} />;
}
