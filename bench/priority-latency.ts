/**
 * Start latency of P0 jobs while a backlog of P4 jobs waits: Gristmill (P0 on its own queue with
 * reserved workers) against raw BullMQ (one queue, P0 given BullMQ's top priority), same Redis,
 * concurrency and backlog, in the same run. Prints JSON on stdout.
 */
import "../server/load-dotenv";
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { env } from "../server/env";
import { bullJobOptions, type GristmillJobData } from "../server/queues/bull-job-options";
import { priorityClasses } from "../server/queues/priority-classes";
import { JOBS_QUEUE } from "../server/queues/queues";
import { createRedis } from "../server/redis";
import { argValue, progress, quick, startProcess, summarize } from "./support/processes";

const backlog = argValue("backlog", 10_000);
const probes = argValue("probes", quick ? 30 : 100);
// Long enough that the backlog is still there when the last probe runs.
const backlogJobMs = argValue("backlog-job-ms", 50);
const concurrency = env().WORKER_CONCURRENCY;

const jobData = (priority: "P0" | "P4", params: Record<string, unknown>): GristmillJobData => ({ priority, complexity: "simple", params, timeoutMs: 60_000 });

async function p0StartLatency(mode: "raw" | "gristmill") {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const worker =
    mode === "raw"
      ? startProcess(
          "bench/support/raw-bullmq-worker.ts",
          { QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: String(concurrency), BENCH_QUEUE: JOBS_QUEUE },
          "raw worker ready",
        )
      : startProcess("tests/support/worker-with-test-kinds.ts", { QUEUE_PREFIX: prefix, LOG_LEVEL: "info" }, "worker ready");
  const connection = createRedis("bullmq");
  const shared = new Queue(JOBS_QUEUE, { connection, prefix });
  // Raw BullMQ has one queue: P0 goes there with the highest priority. Gristmill routes P0 to its own.
  const critical = mode === "raw" ? shared : new Queue(priorityClasses.P0.queue, { connection, prefix });
  try {
    await worker.ready;
    for (let i = 0; i < backlog; i += 2_000) {
      const data = jobData("P4", { ms: backlogJobMs });
      await shared.addBulk(Array.from({ length: Math.min(2_000, backlog - i) }, () => ({ name: "sleep", data, opts: bullJobOptions(data) })));
    }
    const latencies: number[] = [];
    let waitingAtEnd = 0;
    for (let i = 0; i < probes; i++) {
      const data = jobData("P0", {});
      const opts = mode === "raw" ? { ...bullJobOptions(data), priority: 1 } : bullJobOptions(data);
      const job = await critical.add("noop", data, opts);
      for (;;) {
        const done = await critical.getJob(job.id!);
        if (done?.processedOn) {
          latencies.push(done.processedOn - done.timestamp);
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      waitingAtEnd = (await shared.getJobCounts("prioritized", "waiting")).prioritized;
    }
    const summary = summarize(latencies);
    progress(`${mode}: P0 start p50 ${summary.p50} ms, p99 ${summary.p99} ms with ${waitingAtEnd} P4 jobs still waiting`);
    return { ...summary, backlog_waiting_at_end: waitingAtEnd };
  } finally {
    await worker.stop();
    await shared.obliterate({ force: true }).catch(() => undefined);
    if (critical !== shared) await critical.obliterate({ force: true }).catch(() => undefined);
    await Promise.all([shared.close(), critical.close()]);
    connection.disconnect();
  }
}

async function main() {
  progress(`P0 start latency: ${probes} P0 jobs while ${backlog} P4 jobs (${backlogJobMs} ms each) wait, concurrency ${concurrency}`);
  const raw = await p0StartLatency("raw");
  const gristmill = await p0StartLatency("gristmill");
  console.log(JSON.stringify({ latency: { p0_under_backlog_ms: gristmill, p0_under_backlog_raw_bullmq_ms: raw, p0_backlog: backlog } }));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
