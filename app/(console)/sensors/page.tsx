import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { SensorsBoard } from "./sensors-board";

export default async function SensorsPage() {
  const user = await requireUser("viewer");
  return <SensorsBoard canRegister={roleAllows("operator", user.role)} />;
}
