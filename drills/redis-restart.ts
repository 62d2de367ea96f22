import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { JOBS_QUEUE } from "../server/queues/queues";
import { startProcess } from "../bench/support/processes";
import { privateRedis, sleep, waitUntil, type DrillResult } from "./support";

/** Restart Redis with jobs waiting and active: workers reconnect and finish every one of them. */
export async function redisRestartDrill(jobs = 200): Promise<DrillResult> {
  const redis = privateRedis(6391);
  await redis.start();
  const prefix = `drill-${randomUUID().slice(0, 8)}`;
  const env = { REDIS_URL: redis.url, QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: "4", LOG_LEVEL: "error" };
  const worker = startProcess("tests/support/worker-with-test-kinds.ts", { ...env, LOG_LEVEL: "info" }, "worker ready");
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  connection.on("error", () => undefined); // the outage is the point of the drill
  const queue = new Queue(JOBS_QUEUE, { connection, prefix });
  queue.on("error", () => undefined);
  try {
    await worker.ready;
    await queue.addBulk(Array.from({ length: jobs }, (_, i) => ({ name: "sleep", data: { params: { ms: 100 } }, opts: { jobId: `drill-${i}`, attempts: 3 } })));
    await waitUntil("some jobs done", async () => (await queue.getJobCounts("completed")).completed >= jobs / 5);
    const before = await queue.getJobCounts("waiting", "active", "completed");
    await redis.stop();
    await sleep(3_000);
    await redis.start();
    await waitUntil(
      "every job finished",
      async () => {
        const c = await queue.getJobCounts("completed", "failed");
        return c.completed + c.failed >= jobs;
      },
      120_000,
    );
    const after = await queue.getJobCounts("waiting", "active", "completed", "failed");
    const pass = after.completed === jobs && after.failed === 0 && after.waiting === 0 && after.active === 0;
    return {
      drill: "redis restart with jobs waiting and active",
      pass,
      counts: {
        jobs,
        waiting_at_restart: before.waiting,
        active_at_restart: before.active,
        completed: after.completed,
        failed: after.failed,
        lost: jobs - after.completed - after.failed,
      },
      note: "Redis with AOF (everysec) as in npm run demo; without persistence a restart loses every queued job.",
    };
  } finally {
    await worker.stop();
    await queue.close().catch(() => undefined);
    await redis.stop();
  }
}
