import type { Job } from "bullmq";
import { inTransaction, type Db } from "../db";
import { emitDomainEvent } from "../domain-events/emit-domain-event";
import { logger } from "../logger";
import { getQueue } from "../queues/queues";
import { LOST_AFTER_MS } from "../queues/sweep-undispatched-runs";
import { buryRun } from "./bury-run";

export interface ReconcileRunsOptions {
  limit?: number;
  now?: number;
}

type OpenRun = { id: string; queue: string; kind: string; params: unknown; definitionId: string | null; jobName: string | null; queuedAt: Date };

/**
 * BullMQ is the truth about a job's state; the run row is written behind it in batches. A worker
 * that dies between the two (SIGKILL, OOM) leaves rows saying queued or running for jobs BullMQ has
 * finished. This brings such rows in line with their jobs, oldest first, and is safe to run anywhere,
 * any number of times (each write is conditional on the row still being open).
 */
export async function reconcileRuns(db: Db, options: ReconcileRunsOptions = {}): Promise<{ checked: number; fixed: number }> {
  const now = options.now ?? Date.now();
  const open: OpenRun[] = await db.jobRun.findMany({
    where: { status: { in: ["queued", "running"] } },
    orderBy: { queuedAt: "asc" },
    take: options.limit ?? 500,
    select: { id: true, queue: true, kind: true, params: true, definitionId: true, jobName: true, queuedAt: true },
  });
  const jobs = await Promise.all(open.map((run) => getQueue(run.queue).getJob(run.id)));
  let fixed = 0;
  for (const [i, run] of open.entries()) {
    const job = jobs[i];
    if (job ? await closeFromJob(db, run, job) : await closeLost(db, run, now)) fixed++;
  }
  if (fixed) logger.info({ event: "runs.reconciled", checked: open.length, fixed }, "run records brought in line with their jobs");
  return { checked: open.length, fixed };
}

const stillOpen = (id: string) => ({ id, status: { in: ["queued" as const, "running" as const] } });

async function closeFromJob(db: Db, run: OpenRun, job: Job): Promise<boolean> {
  const state = await job.getState();
  const finishedAt = job.finishedOn ? new Date(job.finishedOn) : new Date();
  const startedAt = job.processedOn ? new Date(job.processedOn) : undefined;
  if (state === "completed") {
    const { count } = await db.jobRun.updateMany({
      where: stillOpen(run.id),
      data: { status: "succeeded", startedAt, finishedAt, attempts: job.attemptsMade, result: (job.returnvalue ?? null) as object },
    });
    return count > 0;
  }
  if (state === "failed") {
    // Each write is conditional on the row being open: of two reconcilers, one buries it (the dead letter is once per run anyway).
    return buryRun(db, {
      run,
      lastError: job.failedReason ?? "failed",
      attempts: job.attemptsMade,
      writeRow: async (change) => {
        const data = "status" in change ? { status: change.status, finishedAt } : { startedAt, attempts: change.attempts };
        return (await db.jobRun.updateMany({ where: stillOpen(run.id), data })).count > 0;
      },
    });
  }
  return false; // waiting, delayed, prioritized or active: the job is alive and its worker will write the row.
}

async function closeLost(db: Db, run: OpenRun, now: number): Promise<boolean> {
  if (now - run.queuedAt.getTime() < LOST_AFTER_MS) return false;
  // Finished jobs are removed from Redis by age and count, so a missing job may also be one whose result we never wrote.
  const message = "job not found in its queue: never enqueued, or removed before its result was recorded";
  return inTransaction(db, async (tx) => {
    const { count } = await tx.jobRun.updateMany({
      where: stillOpen(run.id),
      data: { status: "failed", finishedAt: new Date(now), errors: [{ at: new Date(now).toISOString(), message }] },
    });
    if (count > 0) {
      await emitDomainEvent(tx, {
        kind: "run.failed",
        dedupeKey: `run.failed:${run.id}`,
        payload: { runId: run.id, definitionId: run.definitionId, jobName: run.jobName, kind: run.kind, status: "failed", attempts: 0, lastError: message },
      });
    }
    return count > 0;
  });
}
