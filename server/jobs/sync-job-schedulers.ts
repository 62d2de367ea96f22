import type { Db } from "../db";
import { allQueueNames, getQueue } from "../queues/queues";
import type { GristmillJobData } from "../queues/bull-job-options";
import { planRunJob } from "../queues/plan-run-job";
import { definitionRun } from "../queues/definition-run";
import { schedulePeriodMs } from "./schedule-period";

/**
 * Brings BullMQ's job schedulers in step with the definitions: one scheduler per enabled,
 * scheduled definition (id = definition id, on its lane's or class's queue), none for the rest.
 * Idempotent: running it again, or on several workers, changes nothing and never doubles a schedule.
 */
export async function syncJobSchedulers(db: Db): Promise<{ upserted: number; removed: number }> {
  const definitions = await db.jobDefinition.findMany();
  const wanted = new Map<string, string>(); // definition id → queue
  let upserted = 0;
  for (const def of definitions) {
    if (!def.enabled || (!def.cron && !def.intervalMs)) continue;
    // A firing is due by the next one unless the definition sets its own deadline.
    const { queue, name, data, opts } = planRunJob({ ...definitionRun(def), deadlineMs: def.deadlineMs ?? schedulePeriodMs(def) });
    wanted.set(def.id, queue);
    const existing = await getQueue(queue).getJobScheduler(def.id);
    const template = existing?.template?.data as GristmillJobData | undefined;
    // A template from before fair sharing (no scope) still has the old class priorities (10–40), which sort ahead of every band.
    if (existing && template?.definitionVersion === def.version && template.scope === data.scope) continue;
    await getQueue(queue).upsertJobScheduler(def.id, def.cron ? { pattern: def.cron, tz: def.timeZone } : { every: def.intervalMs! }, { name, data, opts });
    upserted++;
  }
  let removed = 0;
  for (const name of allQueueNames()) {
    const schedulers = await getQueue(name).getJobSchedulers(0, -1);
    for (const scheduler of schedulers) {
      const id = scheduler.id ?? scheduler.key;
      if (wanted.get(id) !== name) {
        await getQueue(name).removeJobScheduler(id);
        removed++;
      }
    }
  }
  return { upserted, removed };
}
