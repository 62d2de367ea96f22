import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { SensorsBoard } from "./sensors-board";

/** Filters and order live in the URL (?region=&infraType=&status=&search=&sort=&dir=), so the Overview's grid and shared links open the same view. */
export default async function SensorsPage() {
  const user = await requireUser("viewer");
  return <SensorsBoard canRegister={roleAllows("operator", user.role)} />;
}
