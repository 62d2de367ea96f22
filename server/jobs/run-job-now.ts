import type { Db } from "../db";
import { notFound } from "../errors";
import { enqueueRun } from "../queues/enqueue-run";

/** Enqueues one run with the definition's current parameters. */
export async function runJobNow(db: Db, options: { id: string; triggeredBy: string }) {
  const def = await db.jobDefinition.findUnique({ where: { id: options.id } });
  if (!def) throw notFound("Job");
  return enqueueRun(db, {
    kind: def.kind,
    params: def.params as Record<string, unknown>,
    priority: def.priority,
    complexity: def.complexity,
    timeoutMs: def.timeoutMs,
    maxAttempts: def.maxAttempts,
    trigger: "manual",
    triggeredBy: options.triggeredBy,
    definitionId: def.id,
    definitionVersion: def.version,
    jobName: def.name,
  });
}
