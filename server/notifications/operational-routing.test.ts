import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { startWebhookReceiver } from "@/tests/support/webhook-receiver";
import { db } from "../db";
import { priorityClasses } from "../queues/priority-classes";
import { createChannel } from "./create-channel";
import { createSilence } from "./create-silence";
import { deliverNotification } from "./deliver-notification";
import { dryRunIncident } from "./dry-run-incident";
import { evaluateNotifications } from "./evaluate-notifications";
import { listRouteMatches } from "./list-route-matches";
import type { NotificationMessage } from "./notification-message";
import { saveRoute } from "./save-route";
import { saveRouteInput } from "./schemas";

const run = randomUUID().slice(0, 8);
const region = `ops-${run}`;
const sensorKey = `silent-${run}`;
const routeIds: string[] = [];
const receiver = await startWebhookReceiver();

async function route(name: string, matchers: Record<string, string[]>, channelIds: string[], position: number) {
  const saved = await saveRoute(db, { input: saveRouteInput.parse({ name: `${name}-${run}`, position, matchers, channelIds }) });
  routeIds.push(saved.id);
  return saved;
}

describe("operational alerts are rules that routes match by kind", () => {
  afterAll(async () => {
    await db.notificationRoute.deleteMany({ where: { id: { in: routeIds } } });
    await db.jobRun.deleteMany({ where: { triggeredBy: `ops-test-${run}` } });
    await db.sensor.updateMany({ where: { key: sensorKey }, data: { state: "retired" } }).catch(() => undefined);
    await receiver.close();
    await db.$disconnect();
  });

  it("a silent sensor and a queue backlog each show on the route that matches their kind, in the dry run, and are sent there only", async () => {
    const hook = await createChannel(db, { input: { type: "webhook", name: `ops-hook-${run}`, secretUrl: receiver.url, rateLimitPerMinute: 600 } });
    receiver.setSecret(hook.signingSecret!);
    // Last reported an hour ago at a 5 s interval: SILENT (a sensor that never reported is not an outage).
    await db.sensor.create({
      data: {
        key: sensorKey,
        name: sensorKey,
        quantity: "wind_speed",
        unit: "m/s",
        infraType: "wind_mast",
        region,
        site: `site-${run}`,
        intervalSeconds: 5,
        lastReadingAt: new Date(Date.now() - 3_600_000),
      },
    });
    const sla = priorityClasses.P2.slaMs!;
    await db.jobRun.create({
      data: {
        id: `run-ops-${run}`,
        kind: "report",
        params: {},
        priority: "P2",
        queue: "jobs",
        trigger: "manual",
        triggeredBy: `ops-test-${run}`,
        queuedAt: new Date(Date.now() - sla - 60_000),
      },
    });

    const silentRoute = await route("silent", { kind: ["sensor_silent", "sensor_late"], region: [region] }, [hook.id], 0);
    const backlogRoute = await route("backlog", { kind: ["queue_backlog"] }, [hook.id], 1);
    const anomalyRoute = await route("anomaly", { kind: ["anomaly"], region: [region] }, [hook.id], 2);

    const matches = await listRouteMatches(db, { operationalMaxAgeMs: 0 });
    const of = (routeId: string) => matches.routes.find((r) => r.routeId === routeId)!.incidents.map((i) => i.id);
    const silentId = `op:sensor_silent:${sensorKey}`;
    expect(of(silentRoute.id)).toEqual([silentId]);
    expect(of(backlogRoute.id)).toContain("op:queue_backlog:P2");
    expect(of(backlogRoute.id)).not.toContain(silentId);
    expect(of(anomalyRoute.id)).toEqual([]);
    expect(matches.operational.map((o) => o.id)).toEqual(expect.arrayContaining([silentId, "op:queue_backlog:P2"]));
    expect(matches.routes.find((r) => r.routeId === silentRoute.id)!.incidents[0]).toMatchObject({
      kind: "sensor_silent",
      sensorKey,
      region,
      severity: "critical",
      silencedBy: null,
    });

    const dry = await dryRunIncident(db, { incidentId: silentId });
    expect(dry.subject).toMatchObject({ kind: "sensor_silent", region, sensorKey });
    expect(dry.routes.map((r) => r.id)).toEqual([silentRoute.id]);
    expect(dry.routes[0].channels.map((c) => c!.id)).toEqual([hook.id]);
    await expect(dryRunIncident(db, { incidentId: `op:sensor_silent:nothing-${run}` })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // The evaluator sends it through that route; delivered for real to the signature-checking receiver.
    await evaluateNotifications(db, { operational: true });
    const deliveries = await db.notificationDelivery.findMany({ where: { channelId: hook.id } });
    const silentDelivery = deliveries.find((d) => (d.payload as unknown as NotificationMessage).operational?.subject === sensorKey);
    expect(silentDelivery).toMatchObject({ routeId: silentRoute.id, event: "incident.opened", incidentId: null });
    await deliverNotification(db, { deliveryId: silentDelivery!.id });
    expect(receiver.accepted.map((a) => a.body as NotificationMessage).filter((m) => m.operational?.subject === sensorKey)).toMatchObject([
      { event: "operational.firing", operational: { kind: "sensor_silent" } },
    ]);
    expect(receiver.accepted.every((a) => a.verified)).toBe(true);

    // A silence on the kind mutes it and says so on the route's list and in the dry run.
    const silence = await createSilence(db, {
      by: "test",
      input: {
        kind: "silence",
        matchers: { kind: ["sensor_silent"], region: [region] },
        endsAt: new Date(Date.now() + 3_600_000),
        recurrenceCron: null,
        durationMinutes: null,
        timeZone: null,
        pauseJobs: false,
        comment: `mast offline ${run}`,
      },
    });
    const muted = await listRouteMatches(db, { operationalMaxAgeMs: 0 });
    expect(muted.routes.find((r) => r.routeId === silentRoute.id)!.incidents[0].silencedBy).toBe(`mast offline ${run}`);
    expect((await dryRunIncident(db, { incidentId: silentId })).silencedBy?.id).toBe(silence.id);
  });
});
