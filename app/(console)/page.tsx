import { roleAllows } from "@/server/auth/roles";
import { db } from "@/server/db";
import { getOverview } from "@/server/overview/get-overview";
import { requireUser } from "../_lib/current-user";
import { OverviewBoard } from "./overview-board";

/** Server-rendered from PostgreSQL and the workers' Redis heartbeats, so the first paint already answers; live afterwards. */
export default async function OverviewPage() {
  const user = await requireUser("viewer");
  const overview = await getOverview(db, user.role);
  return <OverviewBoard initial={overview} isStaff={roleAllows("staff", user.role)} />;
}
