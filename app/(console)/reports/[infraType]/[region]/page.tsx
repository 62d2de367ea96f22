import { requireUser } from "@/app/_lib/current-user";
import { ReportGroup } from "./report-group";

export default async function ReportGroupPage({ params }: { params: Promise<{ infraType: string; region: string }> }) {
  await requireUser("viewer");
  const { infraType, region } = await params;
  return <ReportGroup infraType={decodeURIComponent(infraType)} region={decodeURIComponent(region)} />;
}
