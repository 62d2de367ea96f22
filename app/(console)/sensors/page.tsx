import { createLoader, type SearchParams } from "nuqs/server";
import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { db } from "@/server/db";
import { listSensors } from "@/server/sensors/list-sensors";
import { SensorsBoard } from "./sensors-board";
import { SENSOR_PAGE_SIZE, sensorListQuery, sensorViewParams } from "./sensor-view";

const loadView = createLoader(sensorViewParams);

/**
 * Filters and order live in the URL (?region=&infraType=&status=&search=&sort=&dir=), so the Overview's grid and shared links open the same view.
 * The first page is server-rendered: at 10,000 sensors the client round trip after hydration was most of the time to first rows.
 */
export default async function SensorsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser("viewer");
  const view = await loadView(searchParams);
  const initial = await listSensors(db, { ...sensorListQuery(view), limit: SENSOR_PAGE_SIZE }).catch(() => undefined);
  return <SensorsBoard canRegister={roleAllows("operator", user.role)} initial={initial} />;
}
