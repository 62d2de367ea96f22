import { registerDeadlines } from "./deadline-registry";
import { assignFairPriorities } from "./fair-share";
import type { PlannedRunJob } from "./plan-run-job";
import { getQueue } from "./queues";

/** Rounds are handed out and added a slice at a time, so a slice is in BullMQ before the next one's rounds are set. */
const CHUNK = 500;

/**
 * Adds planned runs to their queues: each gets its fair-share place in its class's band (fair-share.ts) and,
 * if it has a deadline, a line in the deadline registry the aging sweep reads. The one way runs enter BullMQ.
 */
export async function addRunJobs(jobs: readonly PlannedRunJob[], now = Date.now()): Promise<void> {
  const byQueue = new Map<string, PlannedRunJob[]>();
  for (const job of jobs) {
    if (!byQueue.has(job.queue)) byQueue.set(job.queue, []);
    byQueue.get(job.queue)!.push(job);
  }
  for (const [queueName, all] of byQueue)
    for (let c = 0; c < all.length; c += CHUNK) {
      const planned = all.slice(c, c + CHUNK);
      const priorities = await assignFairPriorities(
        queueName,
        planned.map((j) => ({ priority: j.data.priority, scope: j.data.scope ?? `kind:${j.name}`, weight: j.data.scopeWeight ?? 1 })),
      );
      await getQueue(queueName).addBulk(planned.map((j, i) => ({ name: j.name, data: j.data, opts: { ...j.opts, priority: priorities[i] } })));
      await registerDeadlines(
        queueName,
        planned.flatMap((j) => (j.data.deadlineMs && j.opts.jobId ? [{ jobId: j.opts.jobId, deadlineAt: now + j.data.deadlineMs }] : [])),
      );
    }
}
