import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { SensorDetail } from "./sensor-detail";

/** Route params arrive percent-encoded or already decoded depending on the path; a stray % must not break the page. */
function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export default async function SensorPage({ params }: { params: Promise<{ key: string }> }) {
  const user = await requireUser("viewer");
  const { key } = await params;
  return <SensorDetail sensorKey={decodeKey(key)} canCorrect={roleAllows("staff", user.role)} canEdit={roleAllows("operator", user.role)} />;
}
