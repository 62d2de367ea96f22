// Baseline: a bare BullMQ worker with the same Redis, queue and concurrency as Gristmill's, doing nothing
// per job, or sleeping params.ms for "sleep" jobs as the test kind sleep (tests/support/test-job-kinds.ts) does.
import { Worker } from "bullmq";
import { Redis } from "ioredis";

const queue = process.env.BENCH_QUEUE ?? "jobs";
const worker = new Worker(
  queue,
  async (job) => {
    const ms = job.name === "sleep" ? Number(job.data?.params?.ms ?? 0) : 0;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    return { ok: true };
  },
  {
    connection: new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0", { maxRetriesPerRequest: null }),
    prefix: process.env.QUEUE_PREFIX,
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 8),
  },
);
worker.waitUntilReady().then(() => console.log("raw worker ready"));
process.on("SIGTERM", () => void worker.close().then(() => process.exit(0)));
