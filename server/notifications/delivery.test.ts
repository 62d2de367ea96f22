import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ackPost } from "@/app/api/notifications/ack/route";
import { readMailbox, waitForMail } from "@/tests/support/mailbox";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/support/webhook-receiver";
import { startWorkerProcess, type WorkerProcess } from "@/tests/support/worker-process";
import { changeIncidentStatus } from "../alerts/change-incident-status";
import { scanSensorAnomalies } from "../anomaly-scan/scan-sensor-anomalies";
import { db } from "../db";
import { influx } from "../influx/influx-client";
import { createInfluxWriteHandler } from "../ingest/create-influx-write-handler";
import { createIngestSource } from "../ingest/create-ingest-source";
import { createChannel } from "./create-channel";
import { createSilence } from "./create-silence";
import { evaluateNotifications } from "./evaluate-notifications";
import { expireSilence } from "./expire-silence";
import type { NotificationMessage } from "./notification-message";
import { saveRoute } from "./save-route";
import { saveRouteInput, type SaveRouteInput } from "./schemas";
import { sendTestNotification } from "./send-test-notification";
import { until } from "@/tests/support/until";

const run = randomUUID().slice(0, 8);
const north = `north-${run}`;
const south = `south-${run}`;
const workerEnv = { NOTIFY_EVALUATE_MS: "3600000", WORKER_LOCK_MS: "2000", WORKER_STALLED_INTERVAL_MS: "1000" };
const write = createInfluxWriteHandler({
  api: "v2",
  maxBodyBytes: 1024 * 1024,
  rateLimit: { requests: 1_000, windowSeconds: 60, keyPrefix: `test-notify-${run}` },
});
const receivers: WebhookReceiver[] = [];
const routeIds: string[] = [];
let worker: WorkerProcess;

async function receiver(answer?: (n: number) => number | "hang") {
  const r = await startWebhookReceiver({ answer });
  receivers.push(r);
  return r;
}

async function webhookChannel(name: string, r: WebhookReceiver) {
  const channel = await createChannel(db, { input: { type: "webhook", name: `${name}-${run}`, secretUrl: r.url, rateLimitPerMinute: 30 } });
  r.setSecret(channel.signingSecret!);
  return channel;
}

async function route(input: Partial<SaveRouteInput> & { channelIds: string[] }) {
  const saved = await saveRoute(db, { input: saveRouteInput.parse({ name: `route-${run}-${routeIds.length}`, position: 100 + routeIds.length, ...input }) });
  routeIds.push(saved.id);
  return saved;
}

async function startWorker(): Promise<WorkerProcess> {
  const w = startWorkerProcess(workerEnv);
  await until("the worker", () => w.output().includes("worker ready"), 30_000);
  return w;
}

async function incident(fields: { sensorKey: string; region?: string; severity?: string; openedAt?: Date }) {
  const id = `inc-${run}-${randomUUID().slice(0, 6)}`;
  const openedAt = fields.openedAt ?? new Date();
  return db.alertIncident.create({
    data: {
      id,
      groupingKey: fields.sensorKey,
      sensorKey: fields.sensorKey,
      region: fields.region,
      infraType: "wind_mast",
      status: "open",
      severity: fields.severity ?? "critical",
      detectors: ["threshold"],
      openedAt,
      lastSeenAt: openedAt,
    },
  });
}

const ackForm = (token: string) => {
  const form = new FormData();
  form.set("token", token);
  return new Request("http://gristmill.test/api/notifications/ack", { method: "POST", body: form });
};

describe("notification delivery against real services", () => {
  beforeAll(async () => {
    await influx().query(`CREATE DATABASE "${influx().database}"`);
    worker = await startWorker();
  });
  afterAll(async () => {
    worker?.child.kill("SIGTERM");
    await worker?.exited;
    await db.notificationRoute.deleteMany({ where: { id: { in: routeIds } } });
    await Promise.all(receivers.map((r) => r.close()));
    await db.$disconnect();
  });

  it("an anomaly written through the write API arrives once as a signed webhook and an email, only on its region's route; the link acknowledges it", async () => {
    const source = await createIngestSource(db, { name: `notify-${run}`, unknownSensors: "refuse" });
    const key = `ws-${run}`;
    await db.sensor.create({
      data: {
        key,
        name: key,
        quantity: "wind_speed",
        unit: "m/s",
        infraType: "wind_mast",
        region: north,
        site: `mast-${run}`,
        intervalSeconds: 1,
        validMin: 0,
        validMax: 40,
      },
    });
    const northHook = await receiver();
    const southHook = await receiver();
    const hookN = await webhookChannel("north-hook", northHook);
    const hookS = await webhookChannel("south-hook", southHook);
    const mailbox = `station-${run}@example.test`;
    const mail = await createChannel(db, { input: { type: "email", name: `north-mail-${run}`, to: [mailbox], rateLimitPerMinute: 30 } });
    expect(JSON.stringify(await db.notificationChannel.findUniqueOrThrow({ where: { id: hookN.id } }))).not.toContain(northHook.url.split("//")[1]);
    await route({ matchers: { kind: ["anomaly"], region: [north] }, channelIds: [hookN.id, mail.id] });
    await route({ matchers: { kind: ["anomaly"], region: [south] }, channelIds: [hookS.id] });

    const now = Date.now();
    const lines: string[] = [];
    for (let t = now - 120_000; t <= now - 5_000; t += 1_000)
      lines.push(`reading,sensor=${key} value=${t === now - 30_000 ? 99 : 10 + ((t / 1000) % 3) * 0.1} ${t}`);
    const res = await write(
      new Request("http://gristmill.test/api/v2/write?bucket=b&org=o&precision=ms", {
        method: "POST",
        body: lines.join("\n"),
        headers: { authorization: `Token ${source.token}` },
      }),
    );
    expect(res.status).toBe(204);
    await scanSensorAnomalies(db, { region: north, scanKey: `notify-${run}`, allowedLatenessMs: 0, initialLookbackMs: 5 * 60_000, warmupMs: 0, now });
    const opened = await db.alertIncident.findFirstOrThrow({ where: { sensorKey: key } });
    expect(opened.severity).toBe("critical");

    // The worker may have evaluated first (it is told of new incidents); either way: one delivery per channel.
    await evaluateNotifications(db, { operational: false });
    expect(await db.notificationDelivery.count({ where: { incidentId: opened.id } })).toBe(2);
    const [hook] = await until("the webhook", () => northHook.accepted.length > 0 && northHook.accepted);
    expect(hook.verified).toBe(true);
    const body = hook.body as NotificationMessage;
    expect(body).toMatchObject({
      schema: "gristmill.alert.v1",
      event: "incident.opened",
      severity: "critical",
      incident: { id: opened.id, sensorKey: key, region: north, site: `mast-${run}` },
    });
    expect(body.evidence?.observed).toBe(99);
    expect(body.evidence!.expected.high!).toBeLessThan(99);
    expect(body.links.chart).toContain(`/sensors/${key}`);

    const [email] = await waitForMail((m) => m.envelope.to.includes(mailbox));
    const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { channelId: mail.id } });
    expect(email.mail.messageId).toBe(`<${delivery.id}@gristmill.notifications>`);
    expect(email.mail.subject).toContain(key);
    expect(email.mail.text).toContain("Seen: 99");
    expect(email.mail.html).toContain("Acknowledge");

    // Evaluated again: nothing new; the other region's receiver heard nothing.
    expect((await evaluateNotifications(db, { operational: false })).deliveries).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(northHook.requests).toHaveLength(1);
    expect(southHook.requests).toHaveLength(0);
    expect((await readMailbox()).filter((m) => m.envelope.to.includes(mailbox))).toHaveLength(1);

    // The acknowledge link works without a session, once, and is audited; a forged one does nothing.
    const token = new URL(body.links.acknowledge!).searchParams.get("token")!;
    expect((await ackPost(ackForm(token.slice(0, -2) + "xx"))).status).toBe(403);
    expect((await db.alertIncident.findUniqueOrThrow({ where: { id: opened.id } })).status).toBe("open");
    const acked = await ackPost(ackForm(token));
    expect(acked.status).toBe(200);
    expect(await acked.text()).toContain("Acknowledged");
    expect((await db.alertIncident.findUniqueOrThrow({ where: { id: opened.id } })).status).toBe("acknowledged");
    expect(await db.auditEvent.count({ where: { action: "alerts.acknowledgeByLink", targetId: opened.id } })).toBe(1);
    expect(await (await ackPost(ackForm(token))).text()).toContain("Already acknowledged");

    await changeIncidentStatus(db, { id: opened.id, action: "resolve", by: "test" });
    await evaluateNotifications(db, { operational: false });
    expect(await db.notificationDelivery.count({ where: { incidentId: opened.id, event: "incident.resolved" } })).toBe(2);
    await until("the resolved webhook", () => northHook.accepted.length === 2);
    expect((northHook.accepted[1].body as NotificationMessage).event).toBe("incident.resolved");
    await waitForMail((m) => m.envelope.to.includes(mailbox), { count: 2 });
  }, 60_000);

  it("a valid-range breach written through the write API is an incident when the write returns and a webhook within 2 s, without a scan; the scan adds no second alert", async () => {
    const source = await createIngestSource(db, { name: `breach-${run}`, unknownSensors: "refuse" });
    const key = `br-${run}`;
    const region = `breach-${run}`;
    await db.sensor.create({
      data: {
        key,
        name: key,
        quantity: "flow",
        unit: "l/s",
        infraType: "water_network",
        region,
        site: `pump-${run}`,
        intervalSeconds: 1,
        validMin: 0,
        validMax: 500,
      },
    });
    const fast = await receiver();
    const channel = await webhookChannel("breach", fast);
    await route({ matchers: { kind: ["anomaly"], region: [region] }, channelIds: [channel.id] });
    const now = Date.now();
    const res = await write(
      new Request("http://gristmill.test/api/v2/write?bucket=b&org=o&precision=ms", {
        method: "POST",
        body: `reading,sensor=${key} value=120 ${now - 2_000}\nreading,sensor=${key} value=-7.5 ${now - 1_000}`,
        headers: { authorization: `Token ${source.token}` },
      }),
    );
    expect(res.status).toBe(204);
    const incidentRow = await db.alertIncident.findFirstOrThrow({ where: { sensorKey: key } });
    expect(incidentRow).toMatchObject({ severity: "critical", status: "open", detectors: ["threshold"] });
    expect(await db.alert.count({ where: { sensorKey: key } })).toBe(1);
    const [message] = await until("the webhook", () => fast.accepted.length > 0 && fast.accepted, 2_000);
    expect(message.body).toMatchObject({ event: "incident.opened", incident: { id: incidentRow.id }, evidence: { detector: "threshold", observed: -7.5 } });
    await scanSensorAnomalies(db, { region, scanKey: `breach-${run}`, allowedLatenessMs: 0, initialLookbackMs: 5 * 60_000, warmupMs: 0 });
    expect(await db.alert.count({ where: { sensorKey: key } })).toBe(1);
    expect(await db.alertIncident.count({ where: { sensorKey: key } })).toBe(1);
  });

  it("a receiver that answers 500 three times, then 200, gets the message once, with one webhook-id", async () => {
    const flaky = await receiver((n) => (n <= 3 ? 500 : 200));
    const channel = await webhookChannel("flaky", flaky);
    const { deliveryId } = await sendTestNotification(db, { channelId: channel.id, by: "test" });
    const sent = await until(
      "the delivery",
      async () => {
        const d = await db.notificationDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
        return d.status === "sent" && d;
      },
      25_000,
    );
    expect(sent.attempts).toBe(4);
    expect(flaky.requests.map((r) => r.id)).toEqual([deliveryId, deliveryId, deliveryId, deliveryId]);
    expect(flaky.accepted).toHaveLength(1);
    expect((await db.notificationChannel.findUniqueOrThrow({ where: { id: channel.id } })).consecutiveFailures).toBe(0);
  }, 45_000);

  it("a worker SIGKILLed while its request is in flight: the next worker sends it again with the same id, and the receiver takes it once", async () => {
    const slow = await receiver((n) => (n === 1 ? "hang" : 200));
    const channel = await webhookChannel("slow", slow);
    const { deliveryId } = await sendTestNotification(db, { channelId: channel.id, by: "test" });
    await until("the first request", () => slow.requests.length === 1);
    expect((await db.notificationDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).status).toBe("sending");
    worker.child.kill("SIGKILL");
    await worker.exited;
    worker = await startWorker();
    await until("the delivery", async () => (await db.notificationDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).status === "sent", 25_000);
    expect(slow.requests.map((r) => r.id)).toEqual([deliveryId, deliveryId]);
    expect(slow.accepted).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(slow.requests).toHaveLength(2);
  }, 60_000);

  it("quiet hours hold a route's messages until they end; a maintenance window holds them until it is ended", async () => {
    const hold = await receiver();
    const channel = await webhookChannel("hold", hold);
    const region = `quiet-${run}`;
    const quiet = await incident({ sensorKey: `q-${run}`, region });
    const now = Date.now();
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    await route({
      matchers: { kind: ["anomaly"], region: [region] },
      channelIds: [channel.id],
      quietHours: { start: hhmm(now - 3_600_000), end: hhmm(now + 3_600_000), timeZone: "UTC" },
    });
    await evaluateNotifications(db, { operational: false, now });
    const held = await db.notificationDelivery.findFirstOrThrow({ where: { incidentId: quiet.id } });
    expect(held.status).toBe("held");
    const end = Math.floor((now + 3_600_000) / 60_000) * 60_000;
    expect(held.notBefore?.getTime()).toBe(end);
    await evaluateNotifications(db, { operational: false, now: end - 1_000 });
    expect((await db.notificationDelivery.findUniqueOrThrow({ where: { id: held.id } })).status).toBe("held");
    await evaluateNotifications(db, { operational: false, now: end + 1_000 });
    await until("the released message", () => hold.accepted.length === 1);
    expect((hold.accepted[0].body as NotificationMessage).incident?.id).toBe(quiet.id);

    const site = `site-${run}`;
    const mRegion = `maint-${run}`;
    await db.sensor.create({ data: { key: `m-${run}`, name: "m", quantity: "wind_speed", unit: "m/s", infraType: "wind_mast", region: mRegion, site } });
    await route({ matchers: { kind: ["anomaly"], region: [mRegion] }, channelIds: [channel.id] });
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
        comment: "mast inspection",
      },
    });
    const muted = await incident({ sensorKey: `m-${run}`, region: mRegion });
    await evaluateNotifications(db, { operational: false });
    await evaluateNotifications(db, { operational: false });
    // Recorded once, as silenced by the window, and not sent.
    const silenced = await db.notificationDelivery.findMany({ where: { incidentId: muted.id } });
    expect(silenced.map((d) => [d.status, d.silenceId, d.event])).toEqual([["silenced", window.id, "incident.opened"]]);
    await new Promise((r) => setTimeout(r, 500));
    expect(hold.accepted).toHaveLength(1);
    await expireSilence(db, { id: window.id });
    await evaluateNotifications(db, { operational: false });
    await until("the message after the window", () => hold.accepted.length === 2);
    expect((hold.accepted[1].body as NotificationMessage).incident?.id).toBe(muted.id);
    expect(hold.accepted[1].id).toBe(silenced[0].id);
    await until(
      "the released row marked sent",
      async () => (await db.notificationDelivery.findUniqueOrThrow({ where: { id: silenced[0].id } })).status === "sent",
    );
    expect(await db.notificationDelivery.count({ where: { incidentId: muted.id } })).toBe(1);
  });

  it("escalates an incident left unacknowledged past the timeout, and not one acknowledged in time", async () => {
    const team = await receiver();
    const pager = await receiver();
    const teamChannel = await webhookChannel("team", team);
    const pagerChannel = await webhookChannel("pager", pager);
    const region = `esc-${run}`;
    await route({
      matchers: { kind: ["anomaly"], region: [region] },
      channelIds: [teamChannel.id],
      escalateAfterMinutes: 5,
      escalateChannelIds: [pagerChannel.id],
    });
    const ignored = await incident({ sensorKey: `e1-${run}`, region });
    const handled = await incident({ sensorKey: `e2-${run}`, region });
    const now = Date.now() + 1;
    await evaluateNotifications(db, { operational: false, now });
    await until("both opened", () => team.accepted.length === 2);
    await changeIncidentStatus(db, { id: handled.id, action: "acknowledge", by: "test" });
    await evaluateNotifications(db, { operational: false, now: now + 4 * 60_000 });
    expect(await db.notificationDelivery.count({ where: { channelId: pagerChannel.id } })).toBe(0);
    await evaluateNotifications(db, { operational: false, now: now + 5 * 60_000 + 1_000 });
    await until("the escalation", () => pager.accepted.length === 1);
    expect(pager.accepted[0].body).toMatchObject({ event: "incident.unacknowledged", incident: { id: ignored.id } });
    await evaluateNotifications(db, { operational: false, now: now + 20 * 60_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(pager.requests).toHaveLength(1);
  });

  it("past a channel's rate limit, messages are held back and summarised in one digest at the end of the minute", async () => {
    const limited = await receiver();
    const channel = await createChannel(db, { input: { type: "webhook", name: `limited-${run}`, secretUrl: limited.url, rateLimitPerMinute: 1 } });
    limited.setSecret(channel.signingSecret!);
    const region = `rate-${run}`;
    await route({ matchers: { kind: ["anomaly"], region: [region] }, channelIds: [channel.id] });
    await incident({ sensorKey: `r1-${run}`, region });
    await evaluateNotifications(db, { operational: false });
    await until("the first message", () => limited.accepted.length === 1);
    await incident({ sensorKey: `r2-${run}`, region });
    await incident({ sensorKey: `r3-${run}`, region });
    await evaluateNotifications(db, { operational: false });
    const digest = await until("the digest", async () => {
      const suppressed = await db.notificationDelivery.findMany({ where: { channelId: channel.id, status: "suppressed" } });
      return (
        suppressed.length === 2 &&
        suppressed[0].digestId === suppressed[1].digestId &&
        (await db.notificationDelivery.findUniqueOrThrow({ where: { id: suppressed[0].digestId! } }))
      );
    });
    expect(digest).toMatchObject({ event: "digest", status: "held" });
    expect(limited.requests).toHaveLength(1);
    await evaluateNotifications(db, { operational: false, now: digest.notBefore!.getTime() + 1_000 });
    await until("the digest message", () => limited.accepted.length === 2);
    expect(limited.accepted[1].body).toMatchObject({ event: "digest", operational: { kind: "digest", details: { count: 2 } } });
    expect((limited.accepted[1].body as NotificationMessage).summary).toContain(`r2-${run}`);
  });

  it("a channel that keeps failing shows as failing and raises an operational alert through the other channels only", async () => {
    const broken = await receiver(() => 404);
    const ops = await receiver();
    const brokenChannel = await webhookChannel("broken", broken);
    const opsChannel = await webhookChannel("ops", ops);
    await route({ matchers: { kind: ["channel_failing"] }, channelIds: [brokenChannel.id, opsChannel.id], position: 0 });
    for (let i = 0; i < 3; i++) {
      const { deliveryId } = await sendTestNotification(db, { channelId: brokenChannel.id, by: "test" });
      await until("the refusal", async () => (await db.notificationDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).status === "failed");
    }
    // A 404 is not retried: each test message went to the dead letters after one attempt.
    expect(broken.requests).toHaveLength(3);
    expect((await db.notificationChannel.findUniqueOrThrow({ where: { id: brokenChannel.id } })).consecutiveFailures).toBe(3);
    await evaluateNotifications(db, { operational: true });
    const alert = await until("the operational alert", () =>
      ops.accepted.find((a) => (a.body as NotificationMessage).operational?.subject === brokenChannel.id),
    );
    expect(alert.body).toMatchObject({ event: "operational.firing", severity: "critical", operational: { kind: "channel_failing" } });
    expect(broken.requests).toHaveLength(3);
  });
});
