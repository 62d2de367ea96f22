import type { Db } from "../db";
import { describeSchedule } from "./describe-schedule";

/** Every definition with its schedule in words, next and last run, and the last run's outcome. */
export async function listJobDefinitions(db: Db) {
  const definitions = await db.jobDefinition.findMany({ orderBy: { name: "asc" } });
  const lastRuns = definitions.length
    ? await db.$queryRaw<Array<{ definitionId: string; status: string; queuedAt: Date; finishedAt: Date | null }>>`
        SELECT DISTINCT ON ("definitionId") "definitionId", status, "queuedAt", "finishedAt"
        FROM "JobRun" WHERE "definitionId" = ANY(${definitions.map((d) => d.id)})
        ORDER BY "definitionId", "queuedAt" DESC`
    : [];
  const last = new Map(lastRuns.map((r) => [r.definitionId, r]));
  return definitions.map((def) => {
    const lastRun = last.get(def.id) ?? null;
    return { ...def, schedule: describeSchedule(def, lastRun?.queuedAt ?? null), lastRun };
  });
}
