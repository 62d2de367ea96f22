import { getQueue, JOBS_QUEUE } from "./queues";
import { jobLanes } from "./job-lanes";
import { agedBullPriority } from "./priority-classes";

/** Fairness guard: lower-class jobs that have waited long move up, so P4 is never starved by a stream of P1. */
export async function ageWaitingJobs(now = Date.now(), limit = 1_000): Promise<number> {
  let promoted = 0;
  // Lanes order their jobs by priority class too.
  for (const name of [JOBS_QUEUE, ...Object.values(jobLanes).map((l) => l.queue)]) {
    const waiting = await getQueue(name).getJobs(["prioritized"], 0, limit - 1, true);
    for (const job of waiting) {
      const target = agedBullPriority(job.opts.priority ?? 0, now - job.timestamp);
      if (job.opts.priority && target < job.opts.priority) {
        await job.changePriority({ priority: target });
        promoted++;
      }
    }
  }
  return promoted;
}
