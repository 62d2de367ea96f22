import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { db } from "@/server/db";
import { getOverview } from "@/server/overview/get-overview";
import { StaffDashboard } from "./staff-dashboard";
import { StakeholderDashboard } from "./stakeholder-dashboard";

/** Staff get the fleet, queues and latencies; stakeholders a read-only view of sensor health, alerts and report throughput. */
export default async function DashboardPage() {
  const user = await requireUser("viewer");
  if (roleAllows("staff", user.role)) return <StaffDashboard />;
  return <StakeholderDashboard initial={await getOverview(db, user.role)} />;
}
