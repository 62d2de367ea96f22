import type { Db } from "@/server/db";
import { allQueueNames, getQueue } from "@/server/queues/queues";

/**
 * Empties every queue and closes the runs that were queued in them. Emptied queues alone would leave
 * queued rows without jobs, which a worker's dispatcher sweep (sweep-undispatched-runs.ts) gives their
 * jobs back: the next test's worker would run the last test's leftovers.
 */
export async function clearQueues(db: Db, queues: string[] = allQueueNames()): Promise<void> {
  for (const q of queues) await getQueue(q).obliterate({ force: true });
  await db.jobRun.updateMany({ where: { status: "queued", queue: { in: queues } }, data: { status: "cancelled", finishedAt: new Date() } });
}
