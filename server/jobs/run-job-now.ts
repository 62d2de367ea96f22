import type { Db } from "../db";
import { notFound } from "../errors";
import { enqueueRun } from "../queues/enqueue-run";
import { definitionRun } from "../queues/definition-run";

/** Enqueues one run with the definition's current parameters, and its own deadline if given. */
export async function runJobNow(db: Db, options: { id: string; triggeredBy: string; deadlineMs?: number }) {
  const def = await db.jobDefinition.findUnique({ where: { id: options.id } });
  if (!def) throw notFound("Job");
  const run = definitionRun(def);
  return enqueueRun(db, { ...run, deadlineMs: options.deadlineMs ?? run.deadlineMs, trigger: "manual", triggeredBy: options.triggeredBy });
}
