import { randomUUID } from "node:crypto";
import { Job, Queue, QueueEvents } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "@/server/redis";
import { JOBS_QUEUE } from "@/server/queues/queues";
import { startWorkerProcess } from "@/tests/support/worker-process";

const startWorker = (prefix: string) => startWorkerProcess({ QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: "2", WORKER_SHUTDOWN_TIMEOUT_MS: "10000" });

describe("worker process", () => {
  const prefix = `gm-test-${randomUUID().slice(0, 8)}`;
  const queue = new Queue(JOBS_QUEUE, { connection: createRedis("bullmq"), prefix });
  const events = new QueueEvents(JOBS_QUEUE, { connection: createRedis("bullmq"), prefix });

  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await events.close();
  });

  it("on SIGTERM finishes the job in flight, takes no new work, and exits 0", async () => {
    await events.waitUntilReady();
    const worker = startWorker(prefix);
    const job = await queue.add("sleep", { params: { ms: 2500 } });
    // Running in the processor, not only fetched: a job fetched while stopping goes back to wait by design.
    await expect.poll(() => worker.output(), { timeout: 20_000 }).toContain('"msg":"sleeping"');

    worker.child.kill("SIGTERM");
    await expect.poll(() => worker.output(), { timeout: 5_000 }).toContain('"event":"worker.stopping"');
    // Enqueued once the worker is stopping: a stopping worker must leave it for another worker.
    const late = await queue.add("noop", { params: {} });

    expect(await worker.exited).toBe(0);
    const finished = await Job.fromId(queue, job.id!);
    expect(await finished!.getState()).toBe("completed");
    expect(finished!.returnvalue).toEqual({ sleptMs: 2500 });
    expect(await (await Job.fromId(queue, late.id!))!.getState()).toBe("waiting");
    expect(worker.output()).toContain('"event":"worker.stopped"');
  }, 30_000);

  it("sends a job with invalid parameters straight to failed, without retries", async () => {
    const worker = startWorker(prefix);
    const job = await queue.add("sleep", { params: { ms: "soon" } }, { attempts: 5 });
    const failed = await job.waitUntilFinished(events).then(
      () => undefined,
      (err: Error) => err.message,
    );
    expect(failed).toMatch(/Invalid parameters for sleep: ms/);
    expect((await Job.fromId(queue, job.id!))!.attemptsMade).toBe(1);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 30_000);
});
