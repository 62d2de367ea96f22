import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { fleetKey } from "../fleet/list-workers";
import { sharedRedis } from "../redis";
import { operationalConditions } from "./operational-conditions";

// Far in the future, so no row written by real workers or other tests falls in a rule's window.
const now = Date.UTC(2102, 0, 1, 12, 0, 0);
const run = randomUUID().slice(0, 8);
const of = async (kind: string) => (await operationalConditions(db, now)).filter((c) => c.kind === kind);

async function deadLetters(count: number, agoMs: number) {
  for (let i = 0; i < count; i++) {
    const runId = `run-dl-${run}-${agoMs}-${i}`;
    await db.jobRun.create({
      data: { id: runId, kind: "report", params: {}, priority: "P2", queue: "jobs", trigger: "manual", triggeredBy: `ops-rules-${run}`, status: "failed" },
    });
    await db.deadLetter.create({
      data: { runId, kind: "report", params: {}, lastError: "boom", errorGroup: `g-${run}`, attempts: 3, createdAt: new Date(now - agoMs) },
    });
  }
}

describe("operational alert rules against real stores", () => {
  afterAll(async () => {
    await db.jobRun.deleteMany({ where: { triggeredBy: `ops-rules-${run}` } });
    await db.sensor.deleteMany({ where: { key: { startsWith: `ops-rules-${run}` } } });
    await db.anomalyScanWatermark.deleteMany({ where: { scanKey: { startsWith: `ops-rules-${run}` } } });
    await sharedRedis().hdel(fleetKey(), `lost-${run}`);
    await db.$disconnect();
  });

  it("dead letters growing: 5 in the last 15 minutes fire, 4 (or older ones) do not", async () => {
    await deadLetters(4, 60_000);
    await deadLetters(3, 20 * 60_000);
    expect(await of("dead_letters_growing")).toEqual([]);
    await deadLetters(1, 14 * 60_000);
    expect(await of("dead_letters_growing")).toMatchObject([{ id: "op:dead_letters_growing:all", severity: "warning", details: { count: 5 } }]);
  });

  it("scan watermark lag: a scope 10 minutes behind fires, one 5 minutes behind or long idle does not", async () => {
    const at = (ms: number) => new Date(now - ms);
    await db.anomalyScanWatermark.createMany({
      data: [
        { scanKey: `ops-rules-${run}-lagging`, watermark: at(11 * 60_000), updatedAt: at(10_000) },
        { scanKey: `ops-rules-${run}-fresh`, watermark: at(5 * 60_000), updatedAt: at(10_000) },
        { scanKey: `ops-rules-${run}-idle`, watermark: at(3 * 86_400_000), updatedAt: at(2 * 86_400_000) },
      ],
    });
    const mine = (await of("scan_watermark_lag")).filter((c) => c.subjectKey.startsWith(`ops-rules-${run}`));
    expect(mine.map((c) => c.subjectKey)).toEqual([`ops-rules-${run}-lagging`]);
    expect(mine[0].title).toContain("11 min");
  });

  it("worker lost: a worker whose heartbeat expired without a clean exit fires, critical", async () => {
    const state = {
      id: `lost-${run}`,
      host: `host-${run}`,
      pid: 4242,
      status: "running",
      queues: ["jobs"],
      concurrency: 1,
      inFlight: 0,
      cpuPercent: 0,
      rssMb: 1,
      uptimeSeconds: 1,
      version: "test",
      at: new Date(Date.now() - 30_000).toISOString(),
    };
    await sharedRedis().hset(fleetKey(), state.id, JSON.stringify(state));
    const lost = (await of("worker_lost")).filter((c) => c.subjectKey === state.id);
    expect(lost).toMatchObject([{ id: `op:worker_lost:lost-${run}`, severity: "critical", details: { host: `host-${run}`, pid: 4242 } }]);
  });

  it("sensor LATE and SILENT: each sensor against its own interval, the newest outages first, never a sensor that never reported", async () => {
    const sensor = (suffix: string, agoMs: number | null) => ({
      key: `ops-rules-${run}-${suffix}`,
      name: suffix,
      quantity: "wind_speed",
      unit: "m/s",
      infraType: "wind_mast",
      region: `ops-rules-${run}`,
      site: `site-${run}`,
      intervalSeconds: 5,
      lastReadingAt: agoMs === null ? null : new Date(now - agoMs),
    });
    // 5 s interval: LATE after 15 s, SILENT after 150 s.
    await db.sensor.createMany({ data: [sensor("ok", 10_000), sensor("late", 20_000), sensor("silent", 200_000), sensor("never", null)] });
    const mine = (await operationalConditions(db, now)).filter((c) => c.sensorKey?.startsWith(`ops-rules-${run}`));
    expect(mine.map((c) => [c.kind, c.sensorKey, c.severity])).toEqual([
      ["sensor_late", `ops-rules-${run}-late`, "warning"],
      ["sensor_silent", `ops-rules-${run}-silent`, "critical"],
    ]);
    expect(mine[0]).toMatchObject({ id: `op:sensor_late:ops-rules-${run}-late`, region: `ops-rules-${run}`, site: `site-${run}`, since: now - 20_000 });
  });

  it("dependency down: nothing is down while PostgreSQL, Redis and InfluxDB answer", async () => {
    expect(await of("dependency_down")).toEqual([]);
  });
});
