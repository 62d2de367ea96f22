import { requireUser } from "@/app/_lib/current-user";
import { ImportsBoard } from "./imports-board";

export default async function ImportsPage() {
  await requireUser("staff");
  return <ImportsBoard />;
}
