import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/support/webhook-receiver";
import { startWorkerProcess, type WorkerProcess } from "@/tests/support/worker-process";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { queueForRun } from "../queues/queue-for-run";
import { DELIVERY_QUEUE } from "../queues/queues";
import { createChannel } from "./create-channel";
import { DELIVERY_KIND } from "./enqueue-delivery";
import { sendTestNotification } from "./send-test-notification";
import { clearQueues } from "@/tests/support/clear-queues";

describe("the delivery lane", () => {
  const run = randomUUID().slice(0, 6);
  let operator: SessionUser;
  const workers: WorkerProcess[] = [];
  const receivers: WebhookReceiver[] = [];
  const asOperator = () => createCaller({ db, user: operator, resHeaders: new Headers() });
  const workerEnv = { WORKER_CONCURRENCY: "2", WORKER_DELIVERY_CONCURRENCY: "2", WORKER_SHUTDOWN_TIMEOUT_MS: "1000", NOTIFY_EVALUATE_MS: "3600000" };

  async function webhook(name: string, answer?: (n: number) => number | "hang") {
    const r = await startWebhookReceiver({ answer });
    receivers.push(r);
    const channel = await createChannel(db, { input: { type: "webhook", name: `${name}-${run}`, secretUrl: r.url, rateLimitPerMinute: 600 } });
    r.setSecret(channel.signingSecret!);
    return { receiver: r, channel };
  }
  async function startWorker() {
    const worker = startWorkerProcess(workerEnv);
    workers.push(worker);
    await expect.poll(() => worker.output(), { timeout: 45_000 }).toContain('"event":"worker.started"');
    return worker;
  }
  const runningDeliveries = () => db.jobRun.count({ where: { kind: DELIVERY_KIND, status: "running", queue: DELIVERY_QUEUE } });

  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
    await clearQueues(db);
  });
  afterEach(async () => {
    await Promise.all(
      workers.splice(0).map(async (w) => {
        w.child.kill("SIGTERM");
        await w.exited;
      }),
    );
    await clearQueues(db);
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await db.$disconnect();
  });

  it("puts every delivery on the delivery lane, whatever its priority", () => {
    expect(queueForRun({ kind: DELIVERY_KIND, priority: "P1" })).toBe(DELIVERY_QUEUE);
    expect(queueForRun({ kind: DELIVERY_KIND, priority: "P0" })).toBe(DELIVERY_QUEUE);
  });

  it("with a flood of deliveries to a receiver that never answers, a scan still starts at once and the lane stays bounded", async () => {
    const { channel } = await webhook("hanging", () => "hang");
    const flood = [];
    for (let i = 0; i < 8; i++) flood.push(await sendTestNotification(db, { channelId: channel.id, by: "test" }));
    const scan = await asOperator().jobs.create({
      name: `test delivery-lane scan ${run}`,
      kind: "anomaly-scan",
      params: { region: `nowhere-${run}` },
      priority: "P2",
    });
    await startWorker();
    await expect.poll(runningDeliveries, { timeout: 20_000, interval: 100 }).toBe(2);

    const scanRun = await asOperator().jobs.runNow({ id: scan.id });
    await expect
      .poll(async () => (await db.jobRun.findUniqueOrThrow({ where: { id: scanRun.id } })).status, { timeout: 10_000, interval: 100 })
      .toBe("succeeded");
    const done = await db.jobRun.findUniqueOrThrow({ where: { id: scanRun.id } });
    expect(done.startedAt!.getTime() - done.queuedAt.getTime()).toBeLessThan(3_000);
    expect(await runningDeliveries()).toBe(2);
    expect(await db.jobRun.count({ where: { id: { in: flood.map((f) => f.runId) }, status: "queued", queue: DELIVERY_QUEUE } })).toBe(6);
  }, 90_000);

  it("with every scan slot taken and more jobs waiting, a delivery is still sent at once", async () => {
    const { channel, receiver } = await webhook("prompt");
    const busy = await asOperator().jobs.create({
      name: `test delivery-lane sleep ${run}`,
      kind: "sleep",
      params: { ms: 30_000 },
      priority: "P1",
      timeoutMs: 60_000,
    });
    for (let i = 0; i < 5; i++) await asOperator().jobs.runNow({ id: busy.id });
    await startWorker();
    await expect.poll(() => db.jobRun.count({ where: { definitionId: busy.id, status: "running" } }), { timeout: 20_000, interval: 100 }).toBe(2);

    const queuedAt = Date.now();
    const { deliveryId } = await sendTestNotification(db, { channelId: channel.id, by: "test" });
    await expect.poll(() => receiver.accepted.length, { timeout: 10_000, interval: 50 }).toBe(1);
    expect(receiver.accepted[0].at - queuedAt).toBeLessThan(3_000);
    await expect
      .poll(async () => (await db.notificationDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).status, { timeout: 5_000, interval: 50 })
      .toBe("sent");
    // The scans' queue is still full: the delivery did not wait for it.
    expect(await db.jobRun.count({ where: { definitionId: busy.id, status: "queued" } })).toBe(3);
  }, 90_000);
});
