import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
// Enqueues runs of the test kind "sleep".
import "../tests/support/test-job-kinds";
import { startProcess } from "../bench/support/processes";
import { db } from "../server/db";
import { bullPrefix, JOBS_QUEUE } from "../server/queues/queues";
import { createRedis } from "../server/redis";
import { enqueueRun } from "../server/queues/enqueue-run";
import { waitUntil, type DrillResult } from "./support";

/**
 * SIGKILL a worker in the middle of a batch, then start another: every run completes exactly once
 * in effect (one succeeded run per job, none left running or queued), the killed worker's jobs
 * recovered by the stalled-job check.
 */
export async function workerKillDrill(jobs = 1_000): Promise<DrillResult> {
  // enqueueRun puts runs on the configured prefix (the test stores' under npm run drill); the queue is emptied after.
  const prefix = bullPrefix();
  // Short locks so the stalled check hands the killed worker's jobs over within seconds.
  const workerEnv = {
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: "info",
    WORKER_STALLED_INTERVAL_MS: "1000",
    WORKER_LOCK_MS: "3000",
    WORKER_CONCURRENCY: "8",
    RUN_RECONCILE_MS: "2000",
  };
  const queue = new Queue(JOBS_QUEUE, { connection: createRedis("bullmq"), prefix });
  const tag = `drill-kill-${randomUUID().slice(0, 8)}`;
  // Jobs left in the test stores by earlier test runs would count as this batch's.
  await queue.obliterate({ force: true });
  const first = startProcess("tests/support/worker-with-test-kinds.ts", workerEnv, "worker ready");
  let second: ReturnType<typeof startProcess> | undefined;
  try {
    await first.ready;
    for (let i = 0; i < jobs; i++) {
      await enqueueRun(db, { kind: "sleep", params: { ms: 40 }, priority: "P2", complexity: "simple", timeoutMs: 60_000, trigger: "manual", triggeredBy: tag });
    }
    await waitUntil("a third of the batch done", async () => (await queue.getJobCounts("completed")).completed >= jobs / 3);
    const activeAtKill = (await queue.getJobCounts("active")).active;
    first.child.kill("SIGKILL");
    second = startProcess("tests/support/worker-with-test-kinds.ts", workerEnv, "worker ready");
    await second.ready;
    await waitUntil(
      "every run finished",
      async () => (await db.jobRun.count({ where: { triggeredBy: tag, status: { in: ["succeeded", "dead", "failed"] } } })) >= jobs,
      60_000,
    );
    await waitUntil(
      "no run left running",
      async () => (await db.jobRun.count({ where: { triggeredBy: tag, status: { in: ["running", "queued"] } } })) === 0,
      15_000,
    ).catch(() => undefined);

    const byStatus = Object.fromEntries(
      (await db.jobRun.groupBy({ by: ["status"], where: { triggeredBy: tag }, _count: true })).map((g) => [g.status, g._count]),
    );
    // BullMQ counts a recovery in stalledCounter, not attemptsMade.
    const retried = (await queue.getJobs(["completed"], 0, jobs)).filter((j) => (j.stalledCounter ?? 0) > 0).length;
    const counts = await queue.getJobCounts("completed", "failed", "active", "waiting");
    const succeeded = byStatus.succeeded ?? 0;
    const pass = succeeded === jobs && counts.completed === jobs && counts.failed === 0 && (byStatus.running ?? 0) === 0 && (byStatus.queued ?? 0) === 0;
    return {
      drill: "SIGKILL a worker mid-batch, start another",
      pass,
      counts: {
        jobs,
        active_at_kill: activeAtKill,
        runs_succeeded: succeeded,
        runs_running: byStatus.running ?? 0,
        runs_dead: byStatus.dead ?? 0,
        recovered_retried: retried,
        bull_completed: counts.completed,
        bull_failed: counts.failed,
      },
      note: "Jobs in flight at the kill are recovered by the survivor's stalled check; run rows the killed worker had not yet written are reconciled from BullMQ (RUN_RECONCILE_MS); each job ends with exactly one succeeded run.",
    };
  } finally {
    first.child.kill("SIGKILL");
    await second?.stop();
    if (!process.env.DRILL_KEEP) await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
