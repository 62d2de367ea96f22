import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { evaluateScanBatch } from "../anomaly/evaluate-scan-batch";
import { anomalyConfigSchema } from "../anomaly/schemas";
import { syntheticSeries } from "../anomaly/synthetic-series";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { eventsChannel } from "../realtime/events";
import { createRedis } from "../redis";
import { autoResolveIncidents } from "./auto-resolve-incidents";
import { writeScanAlerts } from "./write-scan-alerts";
import { seriesOf } from "../anomaly/detectors/detector";

function spikyCandidates(sensorKey: string) {
  const readings = syntheticSeries({ count: 300, intervalMs: 10_000, level: 20, noise: 0.5, seed: 7 });
  readings[250].value = 90; // one obvious spike
  readings[280].value = -40; // and a reading outside any plausible range
  const config = anomalyConfigSchema.parse({ quantities: { wind_speed: { threshold: { params: { validMin: 0, validMax: 60 } } } } });
  return evaluateScanBatch({ config, sensors: [{ sensorKey, quantity: "wind_speed", state: undefined, series: seriesOf(readings) }], now: readings[299].time })
    .candidates;
}

describe("alert store", () => {
  let operator: SessionUser;
  const caller = () => createCaller({ db, user: operator, resHeaders: new Headers() });
  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
  });
  afterAll(() => db.$disconnect());

  it("writes one incident per failing sensor, and re-processing the same window changes nothing", async () => {
    const sensorKey = `mast-${randomUUID().slice(0, 6)}/ws`;
    const candidates = spikyCandidates(sensorKey);
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    const labels = new Map([[sensorKey, { region: "north", infraType: "wind", quantity: "wind_speed" }]]);

    const first = await writeScanAlerts(db, { candidates, labels });
    expect(first.opened).toBe(1);
    const snapshot = async () => ({
      incidents: await db.alertIncident.findMany({ where: { sensorKey } }),
      alerts: await db.alert.findMany({ where: { sensorKey }, orderBy: { key: "asc" } }),
    });
    const before = await snapshot();
    expect(before.incidents).toHaveLength(1);
    expect(before.incidents[0]).toMatchObject({ region: "north", infraType: "wind", status: "open", severity: "critical" });
    expect(before.alerts).toHaveLength(candidates.length);

    const again = await writeScanAlerts(db, { candidates, labels });
    expect(again.opened).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("keeps the incident of a condition still going on (a stuck run, re-sent under its key) seen, so it is not resolved as quiet", async () => {
    const sensorKey = `mast-${randomUUID().slice(0, 6)}/ws`;
    const readings = syntheticSeries({ count: 1000, intervalMs: 60_000, level: 20, noise: 0.5, seed: 3 });
    for (let i = 700; i < 1000; i++) readings[i] = { ...readings[i], value: 21.5 };
    const config = anomalyConfigSchema.parse({ defaults: { spike: { enabled: false }, level_shift: { enabled: false }, novelty: { enabled: false } } });
    const labels = new Map([[sensorKey, { quantity: "wind_speed" }]]);
    // Two scans: the first sees the run reach the stuck threshold, the second sees it last 4 more hours.
    let state: Parameters<typeof evaluateScanBatch>[0]["sensors"][number]["state"];
    for (const part of [readings.slice(0, 760), readings.slice(760)]) {
      const result = evaluateScanBatch({ config, sensors: [{ sensorKey, quantity: "wind_speed", state, series: seriesOf(part) }], now: part.at(-1)!.time });
      state = result.states.get(sensorKey);
      expect(new Set(result.candidates.map((c) => c.detector))).toEqual(new Set(["stuck"]));
      await writeScanAlerts(db, { candidates: result.candidates, labels });
    }
    expect(await db.alert.count({ where: { sensorKey } })).toBe(1);
    const incident = await db.alertIncident.findFirstOrThrow({ where: { sensorKey } });
    expect(incident.lastSeenAt.getTime()).toBeGreaterThanOrEqual(readings[960].time);
    expect(await autoResolveIncidents(db, { now: readings[999].time, quietMs: 30 * 60_000, wallClock: Date.now() + 86_400_000 })).toBeGreaterThanOrEqual(0);
    expect((await db.alertIncident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("open");
  });

  it("announces a new incident on Redis only after it is committed", async () => {
    const sensorKey = `mast-${randomUUID().slice(0, 6)}/ws`;
    const sub = createRedis("subscriber");
    await sub.subscribe(eventsChannel());
    const received = new Promise<{ payload: { id: string }; visible: number }>((resolve) =>
      sub.on("message", async (_c, raw) => {
        const message = JSON.parse(raw);
        if (message.event === "alert:new" && message.payload.sensorKey === sensorKey) {
          resolve({ payload: message.payload, visible: await db.alertIncident.count({ where: { id: message.payload.id } }) });
        }
      }),
    );
    await writeScanAlerts(db, { candidates: spikyCandidates(sensorKey), labels: new Map() });
    const { visible } = await received;
    expect(visible).toBe(1);
    sub.disconnect();
  });

  it("moves an incident from open to acknowledged to resolved, and refuses to reopen it", async () => {
    const sensorKey = `mast-${randomUUID().slice(0, 6)}/ws`;
    await writeScanAlerts(db, { candidates: spikyCandidates(sensorKey), labels: new Map() });
    const incident = await db.alertIncident.findFirstOrThrow({ where: { sensorKey } });

    expect((await caller().alerts.acknowledge({ id: incident.id })).status).toBe("acknowledged");
    await expect(caller().alerts.acknowledge({ id: incident.id })).rejects.toThrow(/cannot become acknowledged/);
    const resolved = await caller().alerts.resolve({ id: incident.id });
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: operator.email, resolution: "manual" });
    await expect(caller().alerts.resolve({ id: incident.id })).rejects.toThrow(/cannot become resolved/);

    const listed = await caller().alerts.list({ sensorKey, status: "resolved" });
    expect(listed.incidents.map((i) => i.id)).toEqual([incident.id]);
    const audit = await db.auditEvent.findMany({ where: { targetId: incident.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["alerts.acknowledge", "alerts.resolve"]);
  });
});
