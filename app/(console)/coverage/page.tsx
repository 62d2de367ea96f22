import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { CoverageBoard } from "./coverage-board";

export default async function CoveragePage() {
  const user = await requireUser("viewer");
  return <CoverageBoard canFill={roleAllows("staff", user.role)} />;
}
