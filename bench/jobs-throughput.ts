/**
 * No-op jobs per second through Gristmill's worker (job kinds, telemetry, heartbeat, events)
 * against a bare BullMQ worker, same Redis, queue, concurrency and job count, in the same run;
 * then Gristmill with 1, 2 and 4 worker processes. Prints JSON on stdout.
 */
import "../server/load-dotenv";
import os from "node:os";
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { env } from "../server/env";
import { JOBS_QUEUE } from "../server/queues/queues";
import { createRedis } from "../server/redis";
import { argValue, progress, quick, startProcess } from "./support/processes";

const jobs = argValue("jobs", quick ? 3_000 : 20_000);
const concurrency = argValue("concurrency", env().WORKER_CONCURRENCY);

async function drain(mode: "raw" | "gristmill", workers: number): Promise<number> {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const workerEnv = { QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: String(concurrency), LOG_LEVEL: "warn" };
  const procs = Array.from({ length: workers }, () =>
    mode === "raw"
      ? startProcess("bench/support/raw-bullmq-worker.ts", { ...workerEnv, BENCH_QUEUE: JOBS_QUEUE }, "raw worker ready")
      : startProcess("tests/support/worker-with-test-kinds.ts", { ...workerEnv, LOG_LEVEL: "info" }, "worker ready"),
  );
  const queue = new Queue(JOBS_QUEUE, { connection: createRedis("bullmq"), prefix });
  try {
    await Promise.all(procs.map((p) => p.ready));
    const started = performance.now();
    for (let i = 0; i < jobs; i += 1_000) {
      await queue.addBulk(Array.from({ length: Math.min(1_000, jobs - i) }, () => ({ name: "noop", data: { params: {} } })));
    }
    for (;;) {
      const counts = await queue.getJobCounts("completed", "failed");
      if (counts.completed + counts.failed >= jobs) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const perSec = Math.round(jobs / ((performance.now() - started) / 1000));
    progress(`${mode} × ${workers} worker(s): ${perSec} jobs/s`);
    return perSec;
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

async function main() {
  progress(`jobs throughput: ${jobs} no-op jobs, concurrency ${concurrency}`);
  const raw = await drain("raw", 1);
  const gristmill = await drain("gristmill", 1);
  const scaleout: Record<string, number> = { "1": gristmill };
  for (const n of quick ? [2] : [2, 4]) scaleout[String(n)] = await drain("gristmill", n);
  console.log(
    JSON.stringify({
      cores: os.cpus().length,
      jobs: { count: jobs, concurrency, raw_bullmq_per_sec: raw, gristmill_per_sec: gristmill, ratio_vs_raw: Math.round((gristmill / raw) * 100) / 100 },
      scaleout: { jobs_per_sec: scaleout },
    }),
  );
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
