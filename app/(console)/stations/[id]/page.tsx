import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { env } from "@/server/env";
import { StationDetail } from "./station-detail";

export default async function StationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("viewer");
  const { id } = await params;
  return (
    <StationDetail stationId={id} canUpload={roleAllows("staff", user.role)} canEdit={roleAllows("operator", user.role)} maxBytes={env().IMPORT_MAX_BYTES} />
  );
}
