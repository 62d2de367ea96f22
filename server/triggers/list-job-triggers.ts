import type { Db } from "../db";
import { notFound } from "../errors";
import { triggerView } from "./save-job-trigger";

/** A definition's triggers, oldest first. */
export async function listJobTriggers(db: Db, options: { definitionId: string }) {
  const def = await db.jobDefinition.findUnique({ where: { id: options.definitionId }, select: { id: true } });
  if (!def) throw notFound("Job");
  const triggers = await db.jobTrigger.findMany({ where: { definitionId: def.id }, orderBy: { createdAt: "asc" } });
  return triggers.map(triggerView);
}

/** The latest firings of a definition's triggers, newest first, with the run each started. */
export async function listTriggerFirings(db: Db, options: { definitionId: string; limit: number }) {
  const firings = await db.jobTriggerFiring.findMany({
    where: { trigger: { definitionId: options.definitionId } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit,
    include: { trigger: { select: { name: true, event: true } } },
  });
  return firings.map((f) => ({
    id: f.id,
    triggerId: f.triggerId,
    triggerName: f.trigger.name,
    eventKind: f.eventKind,
    eventId: f.eventId === null ? null : String(f.eventId),
    outcome: f.outcome,
    reason: f.reason,
    runId: f.runId,
    concurrencyKey: f.concurrencyKey,
    params: f.params,
    fields: f.fields,
    createdAt: f.createdAt,
    startedAt: f.startedAt,
  }));
}
