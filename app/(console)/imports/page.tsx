import { requireUser } from "@/app/_lib/current-user";
import { env } from "@/server/env";
import { ImportsBoard } from "./imports-board";

export default async function ImportsPage() {
  await requireUser("staff");
  return <ImportsBoard maxBytes={env().IMPORT_MAX_BYTES} />;
}
