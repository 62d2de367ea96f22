import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { SensorDetail } from "./sensor-detail";

export default async function SensorPage({ params }: { params: Promise<{ key: string }> }) {
  const user = await requireUser("viewer");
  const { key } = await params;
  return <SensorDetail sensorKey={decodeURIComponent(key)} canCorrect={roleAllows("staff", user.role)} canEdit={roleAllows("operator", user.role)} />;
}
