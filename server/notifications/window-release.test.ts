import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver } from "@/tests/support/webhook-receiver";
import { startWorkerProcess, type WorkerProcess } from "@/tests/support/worker-process";
import { db } from "../db";
import { createChannel } from "./create-channel";
import { createSilence } from "./create-silence";
import { expireSilence } from "./expire-silence";
import { listDeliveries } from "./list-deliveries";
import type { NotificationMessage } from "./notification-message";
import { saveRoute } from "./save-route";
import { saveRouteInput } from "./schemas";
import { silencedIncidents } from "./silenced-incidents";
import { until } from "@/tests/support/until";

const run = randomUUID().slice(0, 8);
const routeIds: string[] = [];
const receiver = await startWebhookReceiver();
let worker: WorkerProcess;

async function openIncident(sensorKey: string, region: string, site: string) {
  await db.sensor.create({ data: { key: sensorKey, name: sensorKey, quantity: "wind_speed", unit: "m/s", infraType: "wind_mast", region, site } });
  const now = new Date();
  return db.alertIncident.create({
    data: {
      id: `inc-${run}-${randomUUID().slice(0, 6)}`,
      groupingKey: sensorKey,
      sensorKey,
      region,
      infraType: "wind_mast",
      status: "open",
      severity: "critical",
      detectors: ["threshold"],
      openedAt: now,
      lastSeenAt: now,
    },
  });
}

describe("held and silenced notifications, with a real worker's sweep", () => {
  beforeAll(async () => {
    // The worker's own 2 s sweep does the evaluating: nothing in this test calls the evaluator.
    worker = startWorkerProcess({ NOTIFY_EVALUATE_MS: "2000" });
    await until("the worker", () => worker.output().includes("worker ready"), 30_000);
  });
  afterAll(async () => {
    worker?.child.kill("SIGTERM");
    await worker?.exited;
    await db.notificationRoute.deleteMany({ where: { id: { in: routeIds } } });
    await db.alertIncident.updateMany({ where: { id: { startsWith: `inc-${run}` } }, data: { status: "resolved", resolvedAt: new Date() } });
    await receiver.close();
    await db.$disconnect();
  });

  it("an incident under a maintenance window is recorded as held by it, not sent; ended early, it is sent within 15 s, once, as the same delivery", async () => {
    const hook = await createChannel(db, { input: { type: "webhook", name: `release-${run}`, secretUrl: receiver.url, rateLimitPerMinute: 600 } });
    receiver.setSecret(hook.signingSecret!);
    const region = `release-${run}`;
    const site = `mast-${run}`;
    routeIds.push(
      (
        await saveRoute(db, {
          input: saveRouteInput.parse({ name: `release-${run}`, position: 0, matchers: { kind: ["anomaly"], region: [region] }, channelIds: [hook.id] }),
        })
      ).id,
    );
    const window = await createSilence(db, {
      by: "test",
      input: {
        kind: "maintenance",
        matchers: { site: [site] },
        startsAt: new Date(Date.now() - 60_000),
        endsAt: new Date(Date.now() + 3_600_000),
        recurrenceCron: null,
        durationMinutes: null,
        timeZone: null,
        pauseJobs: false,
        comment: `inspection ${run}`,
      },
    });
    const incident = await openIncident(`rel-${run}`, region, site);

    const muted = await until("the silenced delivery", () => db.notificationDelivery.findFirst({ where: { incidentId: incident.id } }));
    expect(muted).toMatchObject({ status: "silenced", silenceId: window.id, event: "incident.opened", channelId: hook.id });
    expect((await silencedIncidents(db, { ids: [incident.id] }))[incident.id]).toMatchObject({
      kind: "maintenance",
      silenceId: window.id,
      comment: `inspection ${run}`,
    });
    expect((await listDeliveries(db, { incidentId: incident.id, limit: 10 }))[0].silence).toMatchObject({ id: window.id, kind: "maintenance" });
    // Several sweeps later: still one row, still not sent.
    await new Promise((r) => setTimeout(r, 4_500));
    expect(await db.notificationDelivery.count({ where: { incidentId: incident.id } })).toBe(1);
    expect(receiver.requests).toHaveLength(0);

    const endedAt = Date.now();
    await expireSilence(db, { id: window.id });
    const message = await until(
      "the message after the window ended",
      () => receiver.accepted.find((a) => (a.body as NotificationMessage).incident?.id === incident.id),
      15_000,
    );
    expect(message.at - endedAt).toBeLessThan(15_000);
    expect(message.id).toBe(muted.id);
    expect(message.verified).toBe(true);
    expect((message.body as NotificationMessage).event).toBe("incident.opened");
    await until("the row marked sent", async () => (await db.notificationDelivery.findUniqueOrThrow({ where: { id: muted.id } })).status === "sent");
    expect(await silencedIncidents(db, { ids: [incident.id] })).toEqual({});
    // The history keeps what held it.
    expect((await listDeliveries(db, { incidentId: incident.id, limit: 10 })).map((d) => [d.status, d.silence?.id])).toEqual([["sent", window.id]]);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(receiver.requests.filter((a) => (a.body as NotificationMessage).incident?.id === incident.id)).toHaveLength(1);
  }, 60_000);

  it("a route's quiet hours hold an incident's message, and the incident says held until they end", async () => {
    const hook = await createChannel(db, { input: { type: "webhook", name: `quiet-${run}`, secretUrl: receiver.url, rateLimitPerMinute: 600 } });
    const region = `quiet-${run}`;
    const now = Date.now();
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    routeIds.push(
      (
        await saveRoute(db, {
          input: saveRouteInput.parse({
            name: `quiet-${run}`,
            position: 1,
            matchers: { kind: ["anomaly"], region: [region] },
            channelIds: [hook.id],
            quietHours: { start: hhmm(now - 3_600_000), end: hhmm(now + 3_600_000), timeZone: "UTC" },
          }),
        })
      ).id,
    );
    const incident = await openIncident(`quiet-${run}`, region, `quiet-site-${run}`);
    const held = await until("the held delivery", () => db.notificationDelivery.findFirst({ where: { incidentId: incident.id } }));
    expect(held.status).toBe("held");
    expect((await silencedIncidents(db, { ids: [incident.id] }))[incident.id]).toEqual({
      kind: "quiet_hours",
      silenceId: null,
      endsAt: held.notBefore,
      comment: "quiet hours",
    });
  }, 30_000);
});
