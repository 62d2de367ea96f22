import { Job } from "bullmq";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { getQueue } from "../queues/queues";

/** Cancels runs that have not started: their jobs leave the queue and the runs read "cancelled". */
export async function cancelRuns(db: Db, options: { ids: string[] }) {
  const runs = await db.jobRun.findMany({ where: { id: { in: options.ids }, status: "queued", startedAt: null } });
  const cancelled: string[] = [];
  for (const run of runs) {
    const job = await Job.fromId(getQueue(run.queue), run.id);
    const state = job ? await job.getState() : "unknown";
    if (job && !["waiting", "prioritized", "delayed", "paused", "waiting-children"].includes(state)) continue;
    await job?.remove();
    cancelled.push(run.id);
  }
  if (cancelled.length) await db.jobRun.updateMany({ where: { id: { in: cancelled } }, data: { status: "cancelled", finishedAt: new Date() } });
  recordChange({ targetType: "jobRun", targetId: cancelled.join(","), after: { status: "cancelled", count: cancelled.length } });
  return { cancelled, skipped: options.ids.filter((id) => !cancelled.includes(id)) };
}
