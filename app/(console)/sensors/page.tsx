import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { sensorFilterFromParams } from "./sensor-filter";
import { SensorsBoard } from "./sensors-board";

/** Filters live in the URL (?region=&infraType=&status=&search=), so the Overview's grid and shared links open a filtered list. */
export default async function SensorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("viewer");
  return <SensorsBoard canRegister={roleAllows("operator", user.role)} initialFilter={sensorFilterFromParams(await searchParams)} />;
}
