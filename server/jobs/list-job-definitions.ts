import { z } from "zod";
import type { Db } from "../db";
import { describeSchedule } from "./describe-schedule";
import { jobKinds, type JobKind } from "../catalog/job-kinds";

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

/** The kinds the code registers, with the JSON schema that drives the console's parameter form. */
export function listJobKinds() {
  return Object.entries(jobKinds as Record<string, JobKind>).map(([name, kind]) => ({
    name,
    title: kind.title,
    description: kind.description,
    paramsSchema: z.toJSONSchema(kind.params, { io: "input", unrepresentable: "any" }),
  }));
}
