import type { Db } from "../db";
import { describeSchedule } from "./describe-schedule";

/** Every definition with its schedule in words, next and last run, and the last run's outcome. */
export async function listJobDefinitions(db: Db) {
  const definitions = await db.jobDefinition.findMany({ orderBy: { name: "asc" } });
  const lastRuns = definitions.length
    ? await db.$queryRaw<Array<{ definitionId: string; status: string; queuedAt: Date; finishedAt: Date | null }>>`
        SELECT d.id AS "definitionId", r.status, r."queuedAt", r."finishedAt"
        FROM unnest(${definitions.map((d) => d.id)}::text[]) AS d(id)
        -- One index probe per definition, however many runs each has had.
        CROSS JOIN LATERAL (
          SELECT status, "queuedAt", "finishedAt" FROM "JobRun"
          WHERE "definitionId" = d.id ORDER BY "queuedAt" DESC LIMIT 1
        ) AS r`
    : [];
  const last = new Map(lastRuns.map((r) => [r.definitionId, r]));
  return definitions.map((def) => {
    const lastRun = last.get(def.id) ?? null;
    return { ...def, schedule: describeSchedule(def, lastRun?.queuedAt ?? null), lastRun };
  });
}
