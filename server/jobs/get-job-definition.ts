import type { Db } from "../db";
import { notFound } from "../errors";
import { describeSchedule } from "./describe-schedule";

/** One definition with its schedule in words, its last run, and its version history (newest first). */
export async function getJobDefinition(db: Db, options: { id: string }) {
  const def = await db.jobDefinition.findUnique({
    where: { id: options.id },
    include: { versions: { orderBy: { version: "desc" }, take: 50 } },
  });
  if (!def) throw notFound("Job");
  const lastRun = await db.jobRun.findFirst({
    where: { definitionId: def.id },
    orderBy: { queuedAt: "desc" },
    select: { id: true, status: true, queuedAt: true, finishedAt: true },
  });
  return { ...def, schedule: describeSchedule(def, lastRun?.queuedAt ?? null), lastRun };
}
