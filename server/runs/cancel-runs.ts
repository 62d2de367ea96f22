import { Job } from "bullmq";
import { recordChange } from "../audit/audit-scope";
import { Prisma } from "../db/generated/client";
import { inTransaction, type Db } from "../db";
import { getQueue } from "../queues/queues";

/**
 * Cancels runs that have not started: their jobs leave the queue and the runs read "cancelled". The rows are
 * locked first, so a dispatcher giving a queued run its missing job (dispatch-runs.ts) either finishes before
 * (and the job is removed here) or skips the row (and finds it cancelled): a cancelled run never gets a job back.
 */
export function cancelRuns(db: Db, options: { ids: string[] }) {
  return inTransaction(db, (tx) => cancelLockedRuns(tx, options));
}

async function cancelLockedRuns(db: Db, options: { ids: string[] }) {
  if (options.ids.length === 0) return { cancelled: [], skipped: [] };
  const runs = await db.$queryRaw<Array<{ id: string; queue: string }>>`
    SELECT id, queue FROM "JobRun" WHERE id IN (${Prisma.join(options.ids)}) AND status = 'queued' AND "startedAt" IS NULL FOR UPDATE`;
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
