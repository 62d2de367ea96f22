import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { influx } from "../influx/influx-client";
import { ensureReadingsStore } from "../retention/ensure-readings-store";
import { readSensorReadings } from "../readings/read-sensor-readings";
import { writeReadings } from "../readings/write-readings";

const run = randomUUID().slice(0, 8);
const region = `test-${run}`;
const minute = 60_000;

describe("sensor registry, calibration and flags", () => {
  const users = {} as Record<"operator" | "engineer" | "stakeholder", SessionUser>;
  const as = (who: keyof typeof users) => createCaller({ db, user: users[who], resHeaders: new Headers() });
  beforeAll(async () => {
    await ensureReadingsStore(db, { client: influx() });
    users.operator = (await createTestUser("OPERATOR")).user;
    users.engineer = (await createTestUser("ENGINEER")).user;
    users.stakeholder = (await createTestUser("STAKEHOLDER")).user;
  });
  afterAll(() => db.$disconnect());

  const sensor = (suffix: string, extra: Record<string, unknown> = {}) => ({
    key: `${run}-${suffix}`,
    name: `Sensor ${suffix}`,
    quantity: "temperature",
    unit: "°C",
    infraType: "building",
    region,
    site: `Site ${suffix}`,
    intervalSeconds: 60,
    ...extra,
  });

  it("registers, updates and lists sensors with filters and status, audited", async () => {
    const now = Date.now();
    await as("operator").sensors.create(sensor("ok"));
    await as("operator").sensors.create(sensor("late", { infraType: "wind_mast" }));
    await as("operator").sensors.create(sensor("silent"));
    await db.sensor.update({ where: { key: `${run}-ok` }, data: { lastReadingAt: new Date(now - 30_000), lastValue: 21.5 } });
    await db.sensor.update({ where: { key: `${run}-late` }, data: { lastReadingAt: new Date(now - 10 * minute), lastValue: 3 } });

    await expect(as("operator").sensors.create(sensor("ok"))).rejects.toThrow(/already exists/);
    await expect(as("operator").sensors.create(sensor("bad", { validMin: 10, validMax: 5 }))).rejects.toThrow(/below/);
    await expect(as("engineer").sensors.create(sensor("nope"))).rejects.toThrow(/roles/);

    const all = await as("stakeholder").sensors.list({ region });
    expect(all.sensors.map((s) => [s.key, s.status])).toEqual([
      [`${run}-late`, "LATE"],
      [`${run}-ok`, "OK"],
      [`${run}-silent`, "SILENT"],
    ]);
    expect(all.sensors[1]).toMatchObject({ lastValue: 21.5 });
    expect(all.sensors[1].ageMs).toBeGreaterThanOrEqual(30_000);
    expect(all.facets.regions).toContain(region);
    for (const status of ["OK", "LATE", "SILENT"] as const) {
      expect((await as("stakeholder").sensors.list({ region, status })).sensors.map((s) => s.status)).toEqual([status]);
    }
    expect((await as("stakeholder").sensors.list({ region, infraType: "wind_mast" })).sensors.map((s) => s.key)).toEqual([`${run}-late`]);
    expect((await as("stakeholder").sensors.list({ search: `SITE ${"silent".toUpperCase()}`, region })).sensors.map((s) => s.key)).toEqual([`${run}-silent`]);
    const paged = await as("stakeholder").sensors.list({ region, limit: 2 });
    expect(paged.nextCursor).toBe("2");
    expect((await as("stakeholder").sensors.list({ region, limit: 2, cursor: paged.nextCursor! })).sensors.map((s) => s.key)).toEqual([`${run}-silent`]);
    // Newest reading first, never-heard sensors last whichever the direction; names descending.
    for (const dir of ["desc", "asc"] as const) {
      const byReading = await as("stakeholder").sensors.list({ region, sort: "lastReadingAt", dir, limit: 1 });
      const rest = await as("stakeholder").sensors.list({ region, sort: "lastReadingAt", dir, cursor: byReading.nextCursor! });
      const order = [...byReading.sensors, ...rest.sensors].map((s) => s.key.slice(run.length + 1));
      expect(order).toEqual(dir === "desc" ? ["ok", "late", "silent"] : ["late", "ok", "silent"]);
    }
    expect((await as("stakeholder").sensors.list({ region, sort: "key", dir: "desc" })).sensors.map((s) => s.key.slice(run.length + 1))).toEqual([
      "silent",
      "ok",
      "late",
    ]);
    await expect(as("stakeholder").sensors.list({ region, cursor: "key'--" })).rejects.toThrow(/Invalid cursor/);
    await expect(as("stakeholder").sensors.list({ region, sort: "passwordHash" as "key" })).rejects.toThrow();

    await as("operator").sensors.update({ key: `${run}-ok`, intervalSeconds: 5, validMin: -40, validMax: 80 });
    expect((await as("stakeholder").sensors.get({ key: `${run}-ok` })).status).toBe("LATE");
    await expect(as("operator").sensors.update({ key: `${run}-ok`, validMin: 100 })).rejects.toThrow(/below/);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "sensors.update", targetId: `${run}-ok` } });
    expect(audit).toMatchObject({ actorEmail: users.operator.email });
  });

  it("calibration and flags change what readers get; raw mode ignores them", async () => {
    const key = `${run}-cal`;
    await as("operator").sensors.create(sensor("cal"));
    const start = Date.now() - 60 * minute;
    await writeReadings(influx(), { points: Array.from({ length: 60 }, (_, i) => ({ sensorKey: key, time: start + i * minute, value: 10 })) });
    const read = async (raw = false) => (await readSensorReadings(db, { sensorKeys: [key], from: start - 1, to: Date.now(), raw })).get(key)!;
    expect((await read()).every((r) => r.value === 10)).toBe(true);

    await as("engineer").sensors.setCalibration({ key, slope: 2, offset: 1, effectiveFrom: new Date(start + 30 * minute), note: "lab check" });
    await as("engineer").sensors.setCalibration({ key, slope: 1, offset: -10, effectiveFrom: new Date(start + 50 * minute) });
    await expect(as("engineer").sensors.setCalibration({ key, slope: 3, offset: 0, effectiveFrom: new Date(start + 50 * minute) })).rejects.toThrow(
      /already has a calibration/,
    );
    await expect(as("stakeholder").sensors.setCalibration({ key, slope: 3, offset: 0, effectiveFrom: new Date() })).rejects.toThrow(/roles/);
    const flag = await as("operator").sensors.flagRange({ key, from: new Date(start + 10 * minute), to: new Date(start + 19 * minute), reason: "maintenance" });

    const calibrated = await read();
    expect(calibrated).toHaveLength(50);
    expect(calibrated.filter((r) => r.time >= start + 10 * minute && r.time <= start + 19 * minute)).toEqual([]);
    expect(calibrated.find((r) => r.time === start + 29 * minute)?.value).toBe(10);
    expect(calibrated.find((r) => r.time === start + 30 * minute)?.value).toBe(21);
    expect(calibrated.find((r) => r.time === start + 49 * minute)?.value).toBe(21);
    expect(calibrated.find((r) => r.time === start + 50 * minute)?.value).toBe(0);
    const raw = await read(true);
    expect(raw).toHaveLength(60);
    expect(raw.every((r) => r.value === 10)).toBe(true);

    const chart = await as("stakeholder").sensors.readings({ key, hours: 2 });
    expect(chart.count).toBe(50);
    const detail = await as("stakeholder").sensors.get({ key });
    expect(detail.calibrations.map((c) => c.slope)).toEqual([1, 2]);
    expect(detail.flags).toEqual([expect.objectContaining({ reason: "maintenance", createdBy: users.operator.email })]);

    await as("engineer").sensors.removeFlag({ id: flag.id });
    expect(await read()).toHaveLength(60);
    const actions = (await db.auditEvent.findMany({ where: { action: { startsWith: "sensors." }, targetId: { in: [key, flag.id] } } }))
      .map((a) => a.action)
      .sort();
    expect(actions).toEqual(["sensors.create", "sensors.flagRange", "sensors.removeFlag", "sensors.setCalibration", "sensors.setCalibration"]);
  });

  it("reads an unknown sensor as not found", async () => {
    await expect(as("stakeholder").sensors.get({ key: `${run}-missing` })).rejects.toThrow(/not found/);
    await expect(as("stakeholder").sensors.readings({ key: `${run}-missing` })).rejects.toThrow(/not found/);
  });
});
