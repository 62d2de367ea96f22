/**
 * Enqueue-to-start latency at a steady rate, and a worker's memory over a long run of jobs
 * (it must not grow with the number processed). Prints JSON on stdout.
 */
import "../server/load-dotenv";
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { JOBS_QUEUE } from "../server/queues/queues";
import { createRedis } from "../server/redis";
import { argValue, type BenchProcess, progress, quick, startProcess, summarize } from "./support/processes";

async function steadyLatency(ratePerSec: number, seconds: number) {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const worker = startProcess("tests/support/worker-with-test-kinds.ts", { QUEUE_PREFIX: prefix, LOG_LEVEL: "info" }, "worker ready");
  const queue = new Queue(JOBS_QUEUE, { connection: createRedis("bullmq"), prefix });
  try {
    await worker.ready;
    const total = ratePerSec * seconds;
    const started = performance.now();
    // Jobs go out in 10 ms ticks at the target rate, each tick's jobs in one round trip.
    for (let sent = 0; sent < total; ) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * ratePerSec));
      if (due > sent) {
        await queue.addBulk(Array.from({ length: due - sent }, () => ({ name: "noop", data: { params: {} } })));
        sent = due;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    for (;;) {
      if ((await queue.getJobCounts("completed")).completed >= total) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const done = await queue.getJobs(["completed"], 0, total);
    return summarize(done.map((j) => (j.processedOn ?? 0) - j.timestamp));
  } finally {
    await worker.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/** The live heap after each full collection, from V8's --trace-gc lines ("Mark-Compact 146.3 (179.9) -> 44.8 (137.1) MB"). */
function liveHeapAfterFullGc(worker: BenchProcess): number[] {
  const after: number[] = [];
  let partial = "";
  worker.child.stdout!.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const m = /Mark-Compact[^>]*-> ([\d.]+) \(/.exec(line);
      if (m) after.push(Number(m[1]));
    }
  });
  return after;
}

async function workerMemory(jobs: number) {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  // RSS rises while V8 lets old space grow before it collects; the heap left after a full collection is what a leak would grow.
  const worker = startProcess("tests/support/worker-with-test-kinds.ts", { QUEUE_PREFIX: prefix, LOG_LEVEL: "info" }, "worker ready", ["--trace-gc"]);
  const liveHeap = liveHeapAfterFullGc(worker);
  const queue = new Queue(JOBS_QUEUE, { connection: createRedis("bullmq"), prefix });
  try {
    await worker.ready;
    const collectionsBeforeWork = liveHeap.length;
    const start = worker.rssMb();
    let peak = start;
    const sampler = setInterval(() => (peak = Math.max(peak, worker.rssMb())), 250);
    const samples: Array<{ processed: number; rss_mb: number }> = [];
    const sampleEvery = Math.max(2_000, Math.round(jobs / 10 / 2_000) * 2_000);
    for (let i = 0; i < jobs; i += 2_000) {
      await queue.addBulk(Array.from({ length: Math.min(2_000, jobs - i) }, () => ({ name: "noop", data: { params: {} }, opts: { removeOnComplete: true } })));
      // Keep the backlog short so the queue, not the worker, holds nothing large.
      while ((await queue.getJobCounts("waiting")).waiting > 4_000) await new Promise((r) => setTimeout(r, 50));
      if (i % sampleEvery === 0) samples.push({ processed: i, rss_mb: worker.rssMb() });
    }
    while ((await queue.getJobCounts("waiting", "active")).waiting > 0) await new Promise((r) => setTimeout(r, 50));
    clearInterval(sampler);
    const end = worker.rssMb();
    const working = liveHeap.slice(collectionsBeforeWork);
    progress(`memory: ${jobs} jobs, rss start ${start} MB, peak ${peak} MB, end ${end} MB; live heap after each full GC: ${working.join(", ")} MB`);
    return { jobs, start, peak, after: end, samples, live_heap_after_gc_mb: working };
  } finally {
    await worker.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

async function main() {
  const rate = argValue("rate", 200);
  const seconds = argValue("seconds", quick ? 5 : 20);
  progress(`latency: ${rate} jobs/s for ${seconds} s`);
  const latency = await steadyLatency(rate, seconds);
  progress(`enqueue→start p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms`);
  const memory = await workerMemory(argValue("memory-jobs", quick ? 20_000 : 100_000));
  console.log(JSON.stringify({ latency: { rate_per_sec: rate, enqueue_to_start_ms: latency }, memory: { worker_rss_mb: memory } }));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
