import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { db } from "@/server/db";
import { getSensor } from "@/server/sensors/get-sensor";
import { sensorKeyInput } from "@/server/sensors/schemas";
import { SensorDetail } from "./sensor-detail";

/** Route params arrive percent-encoded or already decoded depending on the path; a stray % must not break the page. */
function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Server-rendered with the sensor's metadata, alerts and incidents, so the first paint shows them; the chart and panels load after. */
export default async function SensorPage({ params }: { params: Promise<{ key: string }> }) {
  const user = await requireUser("viewer");
  const key = decodeKey((await params).key);
  const input = sensorKeyInput.safeParse({ key });
  // An unknown or malformed key renders the client's error from the same query.
  const initial = input.success ? await getSensor(db, input.data).catch(() => undefined) : undefined;
  return <SensorDetail sensorKey={key} initial={initial} canCorrect={roleAllows("staff", user.role)} canEdit={roleAllows("operator", user.role)} />;
}
