import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testInflux, writeReadings } from "@/tests/support/influx-readings";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { MAX_DOWNSAMPLE_SEGMENTS } from "../readings/downsample-readings";

/** The sensor chart over any span (read whole, or downsampled in InfluxDB) and flags brushed on one or several points. */
const run = randomUUID().slice(0, 8);
const MIN = 60_000;
const DAY = 86_400_000;
const base = Date.UTC(2033, 0, 1);

describe("chart readings over any span, and brushed flags", () => {
  let influx: InfluxClient;
  let operator: SessionUser;
  let stakeholder: SessionUser;
  const as = (user: SessionUser) => createCaller({ db, user, resHeaders: new Headers() });
  const key = (s: string) => `${run}-${s}`;
  const readings = (s: string, span: { from: number; to: number }, opts: { maxPoints?: number; raw?: boolean } = {}) => getReadings(key(s), span, opts);
  const getReadings = async (k: string, span: { from: number; to: number }, opts: { maxPoints?: number; raw?: boolean } = {}) => {
    const { getSensorReadings } = await import("./get-sensor-readings");
    return getSensorReadings(db, { key: k, from: new Date(span.from), to: new Date(span.to), client: influx, ...opts });
  };

  beforeAll(async () => {
    influx = await testInflux();
    operator = (await createTestUser("OPERATOR")).user;
    stakeholder = (await createTestUser("STAKEHOLDER")).user;
    for (const s of ["long", "short", "a", "b"]) {
      await db.sensor.create({
        data: { key: key(s), name: s, quantity: "wind_speed", unit: "m/s", infraType: "wind_mast", region: `chart-${run}`, site: run, intervalSeconds: 60 },
      });
    }
    // 30 days of one-minute readings (43,200: past what a chart reads whole): a slow wave, one spike of 500 on day 10.
    const long = Array.from({ length: 30 * 1440 }, (_, i) => ({
      sensor: key("long"),
      time: base + i * MIN,
      value: i === 10 * 1440 + 7 ? 500 : 10 + Math.sin(i / 500),
    }));
    await writeReadings(influx, long, 10_000);
    await writeReadings(
      influx,
      Array.from({ length: 60 }, (_, i) => ({ sensor: key("short"), time: base + i * MIN, value: i })),
    );
    for (const s of ["a", "b"])
      await writeReadings(
        influx,
        Array.from({ length: 60 }, (_, i) => ({ sensor: key(s), time: base + i * MIN, value: 1 })),
      );
  });
  afterAll(async () => {
    await db.sensor.deleteMany({ where: { region: `chart-${run}` } });
    await db.$disconnect();
  });

  it("downsamples a long span in InfluxDB, keeping each bucket's extremes: the spike survives", async () => {
    const span = { from: base - 1, to: base + 30 * DAY };
    const chart = await readings("long", span, { maxPoints: 600 });
    expect(chart.downsampledMs).toBe(Math.ceil((span.to - span.from) / 299));
    expect(chart.count).toBe(30 * 1440);
    expect(chart.readings.length).toBeLessThanOrEqual(600);
    expect(Math.max(...chart.readings.map((r) => r.value))).toBe(500);
    expect(Math.min(...chart.readings.map((r) => r.value))).toBeCloseTo(9, 2);
    expect(chart.flagged).toEqual([]);
  });

  it("calibrates and sets flagged readings apart in the downsampled series as in the whole one", async () => {
    const sensorId = (await db.sensor.findUniqueOrThrow({ where: { key: key("long") } })).id;
    // A negative slope from day 20 swaps each bucket's min and max; days 10–11 flagged (the spike's day).
    await db.sensorCalibration.create({ data: { sensorId, slope: -1, offset: 100, effectiveFrom: new Date(base + 20 * DAY) } });
    await db.sensorFlag.create({ data: { sensorId, from: new Date(base + 10 * DAY), to: new Date(base + 11 * DAY), reason: "icing" } });
    const chart = await readings("long", { from: base - 1, to: base + 30 * DAY }, { maxPoints: 600 });
    expect(chart.count).toBe(30 * 1440 - 1441);
    expect(Math.max(...chart.readings.map((r) => r.value))).toBeLessThan(100 - 8.9);
    expect(Math.max(...chart.flagged.map((r) => r.value))).toBe(500);
    expect(chart.flagged.every((r) => r.time >= base + 10 * DAY - chart.downsampledMs! && r.time <= base + 11 * DAY)).toBe(true);
    const after = chart.readings.filter((r) => r.time >= base + 21 * DAY);
    expect(Math.min(...after.map((r) => r.value))).toBeGreaterThan(88);
    // Raw: no calibration, nothing set apart.
    const raw = await readings("long", { from: base - 1, to: base + 30 * DAY }, { maxPoints: 600, raw: true });
    expect(raw.flagged).toEqual([]);
    expect(Math.max(...raw.readings.map((r) => r.value))).toBe(500);
  });

  it("reads a short span whole, flagged readings apart", async () => {
    await as(operator).sensors.flagPoints({ keys: [key("short")], from: new Date(base + 10 * MIN), to: new Date(base + 19 * MIN), reason: "brushed" });
    const chart = await readings("short", { from: base - 1, to: base + 60 * MIN });
    expect(chart.downsampledMs).toBeNull();
    expect(chart.readings.map((r) => r.value)).toEqual(Array.from({ length: 60 }, (_, i) => i).filter((i) => i < 10 || i > 19));
    expect(chart.flagged.map((r) => r.value)).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
  });

  it("flags several points at once and unflags part of it the same way, QC flags answered with a good verdict", async () => {
    const span = { from: new Date(base + 5 * MIN), to: new Date(base + 30 * MIN) };
    const flagged = await as(operator).sensors.flagPoints({ keys: [key("a"), key("b")], ...span, reason: "mast icing" });
    expect(flagged.flagged).toHaveLength(2);
    const b = await db.sensor.findUniqueOrThrow({ where: { key: key("b") } });
    await db.sensorFlag.create({
      data: {
        sensorId: b.id,
        from: new Date(base + 40 * MIN),
        to: new Date(base + 45 * MIN),
        reason: "qc",
        source: "auto",
        severity: "fail",
        test: "flat_line",
        testVersion: 1,
      },
    });

    // Unflag 10–20 on both and 40–45 on b: a's flag splits in two, b's QC flag is answered by a good verdict.
    const cut = await as(operator).sensors.unflagPoints({
      keys: [key("a"), key("b")],
      from: new Date(base + 10 * MIN),
      to: new Date(base + 20 * MIN),
      reason: "sensor was fine",
    });
    expect(cut).toEqual({ manualFlagsCut: 2, autoFlagsCut: 0 });
    const ranges = async (k: string) =>
      (await db.sensorFlag.findMany({ where: { sensor: { key: k } }, orderBy: { from: "asc" } })).map((f) => [
        f.from.getTime() - base,
        f.to.getTime() - base,
        f.source,
        f.reason,
      ]);
    expect(await ranges(key("a"))).toEqual([
      [5 * MIN, 10 * MIN - 1, "manual", "mast icing"],
      [20 * MIN + 1, 30 * MIN, "manual", "mast icing"],
    ]);
    expect(
      (await as(operator).sensors.unflagPoints({ keys: [key("b")], from: new Date(base + 39 * MIN), to: new Date(base + 46 * MIN), reason: "checked" }))
        .autoFlagsCut,
    ).toBe(1);
    expect((await ranges(key("b"))).filter((r) => r[2] === "auto")).toEqual([]);
    expect(await db.sensorQcOverride.count({ where: { sensorId: b.id } })).toBe(1);
    const visible = await readings("a", { from: base - 1, to: base + 60 * MIN });
    expect(visible.count).toBe(60 - 5 - 10);
  });

  it("refuses hostile ranges and roles, and writes nothing for a batch with one unknown point", async () => {
    const range = { from: new Date(base), to: new Date(base + MIN), reason: "x" };
    await expect(as(stakeholder).sensors.flagPoints({ keys: [key("a")], ...range })).rejects.toThrow(/roles/);
    await expect(as(operator).sensors.flagPoints({ keys: [], ...range })).rejects.toThrow(/at least one point/);
    await expect(as(operator).sensors.flagPoints({ keys: Array.from({ length: 51 }, (_, i) => `k${i}`), ...range })).rejects.toThrow(/At most 50/);
    await expect(as(operator).sensors.flagPoints({ keys: [key("a"), key("a")], ...range })).rejects.toThrow(/named twice/);
    await expect(as(operator).sensors.flagPoints({ keys: [key("a")], ...range, to: new Date(base - 1) })).rejects.toThrow(/end after/);
    const before = await db.sensorFlag.count({ where: { sensor: { region: `chart-${run}` } } });
    await expect(as(operator).sensors.flagPoints({ keys: [key("a"), `${run}-no-such'; DROP`], ...range })).rejects.toThrow(/not found/i);
    expect(await db.sensorFlag.count({ where: { sensor: { region: `chart-${run}` } } })).toBe(before);
    const chart = (input: Record<string, unknown>) => as(stakeholder).sensors.readings({ key: key("short"), ...input } as never);
    await expect(chart({ from: new Date(base) })).rejects.toThrow(/both ends/);
    await expect(chart({ from: new Date(base), to: new Date(base + 11 * 366 * DAY) })).rejects.toThrow(/ten years/);
    await expect(chart({ from: new Date("1960-01-01"), to: new Date(base) })).rejects.toThrow();
    await expect(chart({ from: "not a date", to: new Date(base) })).rejects.toThrow();
  });

  it(`refuses a long span with more than ${MAX_DOWNSAMPLE_SEGMENTS} flagged stretches with a clear error`, async () => {
    const sensorId = (await db.sensor.findUniqueOrThrow({ where: { key: key("long") } })).id;
    await db.sensorFlag.createMany({
      data: Array.from({ length: MAX_DOWNSAMPLE_SEGMENTS + 1 }, (_, i) => ({
        sensorId,
        from: new Date(base + 12 * DAY + i * 10 * MIN),
        to: new Date(base + 12 * DAY + i * 10 * MIN + MIN),
        reason: "qc",
        source: "auto" as const,
        severity: "suspect" as const,
      })),
    });
    await expect(as(stakeholder).sensors.readings({ key: key("long"), from: new Date(base), to: new Date(base + 30 * DAY) })).rejects.toThrow(
      /narrow the range/,
    );
  });
});
