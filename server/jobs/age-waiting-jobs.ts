import { getQueue, JOBS_QUEUE } from "../queues/queues";
import { agedBullPriority } from "./priority-classes";

/** Fairness guard: lower-class jobs that have waited long move up, so P4 is never starved by a stream of P1. */
export async function ageWaitingJobs(now = Date.now(), limit = 1_000): Promise<number> {
  const queue = getQueue(JOBS_QUEUE);
  const waiting = await queue.getJobs(["prioritized"], 0, limit - 1, true);
  let promoted = 0;
  for (const job of waiting) {
    const target = agedBullPriority(job.opts.priority ?? 0, now - job.timestamp);
    if (job.opts.priority && target < job.opts.priority) {
      await job.changePriority({ priority: target });
      promoted++;
    }
  }
  return promoted;
}
