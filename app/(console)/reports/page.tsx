import { requireUser } from "@/app/_lib/current-user";
import { ReportsOverview } from "./reports-overview";

export default async function ReportsPage() {
  await requireUser("viewer");
  return <ReportsOverview />;
}
