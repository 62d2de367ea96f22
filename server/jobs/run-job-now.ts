import type { Db } from "../db";
import { notFound } from "../errors";
import { enqueueRun } from "../queues/enqueue-run";
import { definitionRun } from "../queues/definition-run";

/** Enqueues one run with the definition's current parameters. */
export async function runJobNow(db: Db, options: { id: string; triggeredBy: string }) {
  const def = await db.jobDefinition.findUnique({ where: { id: options.id } });
  if (!def) throw notFound("Job");
  return enqueueRun(db, { ...definitionRun(def), trigger: "manual", triggeredBy: options.triggeredBy });
}
