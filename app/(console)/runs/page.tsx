import { requireUser } from "@/app/_lib/current-user";
import { roleAllows } from "@/server/auth/roles";
import { RunsBoard, type RunFilter } from "./runs-board";

const filterKeys = ["definitionId", "kind", "status", "trigger", "from", "to", "search"] as const;

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("staff");
  const query = await searchParams;
  const initial: RunFilter = {};
  for (const key of filterKeys) if (typeof query[key] === "string" && query[key]) initial[key] = query[key];
  return <RunsBoard canAct={roleAllows("engineer", user.role)} initialFilter={initial} />;
}
