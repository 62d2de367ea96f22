import type { Job } from "bullmq";
import type { Db } from "../db";
import type { Priority } from "../db/generated/enums";
import { sharedRedis } from "../redis";
import type { GristmillJobData } from "./bull-job-options";
import { completionSlaMs } from "./completion-slas";
import { deadlinesBefore, forgetDeadlines } from "./deadline-registry";
import { boostedBullPriority, deadlineClass } from "./deadline-boost";
import { jobLanes } from "./job-lanes";
import { agedBullPriority, bandOf, priorityClasses } from "./priority-classes";
import { getQueue, JOBS_QUEUE } from "./queues";

/** Past P3's start target plus the longest completion target from its deadline, no run is boosted yet. */
const DEADLINE_HORIZON_MS = priorityClasses.P3.slaMs! + completionSlaMs.complex;
const TOP_BAND = bandOf(priorityClasses.P1.bullPriority);

export interface PromotionCounts {
  aged: number;
  boosted: number;
}

/** When a job falls due: queued, or its delay over. */
const readyAt = (job: Job) => job.timestamp + (job.opts.delay ?? 0);

export function deadlineOf(job: Job<GristmillJobData>): number | null {
  const ms = job.data?.deadlineMs;
  return typeof ms === "number" && ms > 0 ? readyAt(job) + ms : null;
}

/** The jobs the registry names that are still waiting in the prioritized set; the rest are forgotten (or left while running). */
async function waitingWithDeadlines(queueName: string, now: number, limit: number): Promise<Job<GristmillJobData>[]> {
  const queue = getQueue(queueName);
  const ids = await deadlinesBefore(queueName, now + DEADLINE_HORIZON_MS, limit);
  if (ids.length === 0) return [];
  const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
  const pipeline = sharedRedis().pipeline();
  for (const id of ids) pipeline.zscore(queue.keys.prioritized, id);
  const scores = ((await pipeline.exec()) ?? []).map(([, score]) => score);
  await forgetDeadlines(
    queueName,
    ids.filter((_, i) => !jobs[i] || jobs[i]!.finishedOn),
  );
  return jobs.filter((job, i): job is Job<GristmillJobData> => !!job && !job.finishedOn && scores[i] !== null);
}

/**
 * One sweep, one mechanism for both ways a waiting job moves up: aging (a band per AGING_STEP_MS waited, so
 * P4 is never starved) and deadlines (deadline-boost.ts: as a run's deadline nears it joins a more urgent class,
 * at its front). Looks at the head of each queue's prioritized set and at the jobs the deadline registry names.
 */
export async function ageWaitingJobs(db: Db, options: { now?: number; limit?: number } = {}): Promise<PromotionCounts> {
  const now = options.now ?? Date.now();
  const limit = options.limit ?? 1_000;
  const counts: PromotionCounts = { aged: 0, boosted: 0 };
  const boosts = new Map<Priority, string[]>();
  // Lanes order their jobs by priority class too.
  for (const name of [JOBS_QUEUE, ...Object.values(jobLanes).map((l) => l.queue)]) {
    const head = await getQueue(name).getJobs(["prioritized"], 0, limit - 1, true);
    const candidates = new Map<string, Job<GristmillJobData>>();
    for (const job of [...head, ...(await waitingWithDeadlines(name, now, limit))]) if (job.id) candidates.set(job.id, job);
    const done: string[] = [];
    for (const job of candidates.values()) {
      const current = job.priority;
      if (!current) continue;
      const deadlineAt = deadlineOf(job);
      const deadlineRun = deadlineAt === null ? null : { bullPriority: current, deadlineAt, complexity: job.data.complexity ?? "simple" };
      const boosted = deadlineRun ? boostedBullPriority(deadlineRun, now) : null;
      const aged = agedBullPriority(current, now - readyAt(job));
      const target = Math.min(aged, boosted ?? Infinity);
      if (target < current) {
        // A boost goes ahead of its new round's jobs; an aged job queues at the end of its round.
        await job.changePriority({ priority: target, lifo: target === boosted });
        if (target === boosted) {
          counts.boosted++;
          const to = deadlineClass(deadlineRun!, now)!;
          boosts.set(to, [...(boosts.get(to) ?? []), job.data.runId ?? job.id!]);
        } else counts.aged++;
      }
      if (deadlineAt !== null && bandOf(Math.min(target, current)) <= TOP_BAND) done.push(job.id!);
    }
    await forgetDeadlines(name, done);
  }
  for (const [to, ids] of boosts)
    await db.jobRun.updateMany({ where: { id: { in: ids }, status: "queued" }, data: { boostedAt: new Date(now), boostedTo: to } });
  return counts;
}
