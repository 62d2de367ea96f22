import { inTransaction, type Db } from "../db";
import { logger } from "../logger";
import { findJobKind } from "../runs/job-kind-registry";
import { lockTriggerKey, runsInFlight, startTriggeredRun } from "./fire-trigger";
import { checkTriggerParams } from "./map-trigger-params";

/**
 * Firings held by a concurrency limit (overflow: queue) start, oldest first, as runs of their key
 * finish: each sweep gives every waiting key its free slots. A trigger disabled meanwhile drops them.
 */
export async function startWaitingFirings(db: Db, options: { limit?: number; now?: Date } = {}): Promise<{ started: number; dropped: number }> {
  const keys = await db.$queryRaw<Array<{ triggerId: string; concurrencyKey: string }>>`
    SELECT DISTINCT "triggerId", "concurrencyKey" FROM job_trigger_firings WHERE outcome = 'waiting' LIMIT ${options.limit ?? 100}`;
  let started = 0;
  let dropped = 0;
  for (const { triggerId, concurrencyKey } of keys) {
    await inTransaction(db, async (tx) => {
      await lockTriggerKey(tx, triggerId, concurrencyKey);
      const trigger = await tx.jobTrigger.findUnique({ where: { id: triggerId }, include: { definition: true } });
      const waiting = { triggerId, concurrencyKey, outcome: "waiting" as const };
      if (!trigger?.enabled) {
        dropped += (
          await tx.jobTriggerFiring.updateMany({ where: waiting, data: { outcome: "dropped", reason: "the trigger was disabled while this waited" } })
        ).count;
        return;
      }
      const free = trigger.maxConcurrent === null ? 100 : trigger.maxConcurrent - (await runsInFlight(tx, triggerId, concurrencyKey));
      if (free <= 0) return;
      const kind = findJobKind(trigger.definition.kind);
      const now = options.now ?? new Date();
      for (const firing of await tx.jobTriggerFiring.findMany({ where: waiting, orderBy: { createdAt: "asc" }, take: free })) {
        const params = (firing.params ?? {}) as Record<string, unknown>;
        // Judged again: the definition (and so its kind) may have changed while it waited.
        const check = kind ? checkTriggerParams(kind, params) : ({ ok: false, reason: `unknown job kind "${trigger.definition.kind}"` } as const);
        if (!check.ok) {
          await tx.jobTriggerFiring.update({ where: { id: firing.id }, data: { outcome: "invalid", reason: check.reason } });
          continue;
        }
        const run = await startTriggeredRun(tx, trigger, params);
        const waitedS = Math.round((now.getTime() - firing.createdAt.getTime()) / 1000);
        await tx.jobTriggerFiring.update({
          where: { id: firing.id },
          data: { outcome: "started", runId: run.id, startedAt: now, reason: `waited ${waitedS} s for a slot` },
        });
        started++;
      }
    });
  }
  if (started || dropped) logger.info({ event: "triggers.waiting_started", started, dropped }, "waiting trigger firings handled");
  return { started, dropped };
}
