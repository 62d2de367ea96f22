import { Prisma } from "../db/generated/client";
import { inTransaction, type Db } from "../db";
import { sharedRedis } from "../redis";
import { addRunJobs } from "./add-run-jobs";
import { planRunJob, type PlannedRunJob } from "./plan-run-job";
import { getQueue } from "./queues";
import { runPolicyOf } from "./run-policy";

export interface DispatchResult {
  /** Queued rows this call locked and looked at (others were locked elsewhere, or are no longer queued). */
  checked: number;
  /** Of those, the ones that had no job and got one. */
  added: string[];
}

/** Which of these runs have a job in their queue (BullMQ's job hash; the job id is the run id). On a cluster they share the `{prefix}` slot, so one pipeline. */
export async function runsWithJobs(runs: ReadonlyArray<{ id: string; queue: string }>): Promise<Set<string>> {
  if (runs.length === 0) return new Set();
  const pipeline = sharedRedis().pipeline();
  for (const run of runs) pipeline.exists(getQueue(run.queue).toKey(run.id));
  const replies = (await pipeline.exec()) ?? [];
  const present = new Set<string>();
  for (const [i, [err, n]] of replies.entries()) {
    if (err) throw err;
    if (n === 1) present.add(runs[i].id);
  }
  return present;
}

/**
 * Gives each of these runs that is still queued, has not started and has no job in its queue the job it
 * should have had (a BullMQ add that failed after the row was committed). Safe to race: the rows are locked
 * (FOR UPDATE SKIP LOCKED, so a concurrent dispatcher or cancellation holds them, never both), and the job id
 * is the run id, so BullMQ refuses a second job for a run anyway.
 */
export async function dispatchRuns(db: Db, ids: readonly string[], now = Date.now()): Promise<DispatchResult> {
  if (ids.length === 0) return { checked: 0, added: [] };
  return inTransaction(db, async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM "JobRun" WHERE id IN (${Prisma.join([...ids])}) AND status = 'queued' AND "startedAt" IS NULL AND trigger <> 'schedule'
      FOR UPDATE SKIP LOCKED`;
    if (locked.length === 0) return { checked: 0, added: [] };
    const runs = await tx.jobRun.findMany({ where: { id: { in: locked.map((r) => r.id) } }, include: { definition: true } });
    const present = await runsWithJobs(runs);
    const missing = runs.filter((run) => !present.has(run.id));
    if (missing.length)
      await addRunJobs(
        missing.map((run) => replannedJob(run, now)),
        now,
      );
    return { checked: runs.length, added: missing.map((run) => run.id) };
  });
}

type RunRow = Prisma.JobRunGetPayload<{ include: { definition: true } }>;

/** The job enqueueRun planned for this row, from what the row kept; a deadline stays where it was (it counts from the new job's time). */
function replannedJob(run: RunRow, now: number): PlannedRunJob {
  const job = planRunJob({
    kind: run.kind,
    params: run.params as Record<string, unknown>,
    priority: run.priority,
    ...runPolicyOf(run),
    runId: run.id,
    definitionId: run.definitionId ?? undefined,
    definitionVersion: run.definitionVersion ?? undefined,
    jobName: run.jobName ?? undefined,
    scopeWeight: run.definition?.scopeWeight,
    deadlineMs: run.deadlineAt ? Math.max(1, run.deadlineAt.getTime() - now) : null,
  });
  // The queue the row names is the one the reconciler and cancellation look in.
  return { ...job, queue: run.queue };
}
