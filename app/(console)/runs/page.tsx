import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { RunsBoard } from "./runs-board";

/** Filters and order live in the URL (see run-view.ts), so a link reproduces the view. */
export default async function RunsPage() {
  const user = await requireUser("staff");
  return <RunsBoard canAct={roleAllows("engineer", user.role)} />;
}
