import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testInflux, writeReadings } from "@/tests/support/influx-readings";
import { db } from "../db";
import { InfluxClient } from "../influx/influx-client";
import { readSensorReadings } from "../readings/read-sensor-readings";
import { writeReadings as writeEncodedReadings } from "../readings/write-readings";
import { generateWindowReport } from "./generate-window-report";
import { loadReportSensors } from "./load-report-sensors";
import { runReportJob } from "./run-report-job";
import { runReportRollup } from "./run-report-rollup";

const MIN = 60_000;
const W = 5 * MIN;
let influx: InfluxClient;
let tag: string;
let base: number;

/** Sample statistics of a list, the way a person checks them by hand. */
function stats(xs: number[]) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    count: xs.length,
    mean,
    min: Math.min(...xs),
    max: Math.max(...xs),
    stddev: Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)),
  };
}

async function sensor(
  suffix: string,
  infraType: string,
  extra: { calibration?: { slope: number; offset: number; effectiveFrom: number }; flag?: { from: number; to: number } } = {},
) {
  const key = `${tag}-${suffix}`;
  await db.sensor.create({
    data: {
      key,
      name: key,
      quantity: "wind_speed",
      unit: "m/s",
      infraType,
      region: tag,
      site: "s1",
      intervalSeconds: 60,
      calibrations: extra.calibration ? { create: { ...extra.calibration, effectiveFrom: new Date(extra.calibration.effectiveFrom) } } : undefined,
      flags: extra.flag ? { create: { from: new Date(extra.flag.from), to: new Date(extra.flag.to), reason: "test" } } : undefined,
    },
  });
  return key;
}

async function alert(sensorKey: string, severity: string, at: number) {
  const incidentId = `${tag}-${randomUUID().slice(0, 6)}`;
  await db.alertIncident.create({
    data: {
      id: incidentId,
      groupingKey: incidentId,
      sensorKey,
      status: "open",
      severity,
      detectors: ["spike"],
      openedAt: new Date(at),
      lastSeenAt: new Date(at),
    },
  });
  await db.alert.create({
    data: {
      key: incidentId,
      incidentId,
      sensorKey,
      detector: "spike",
      bucketStart: new Date(at),
      at: new Date(at),
      severity,
      score: 1,
      observed: 1,
      message: "m",
      evidenceFrom: new Date(at),
      evidenceTo: new Date(at),
    },
  });
}

const groupReport = (infraType: string, resolution = "5m", windowStart = base) =>
  db.report.findUniqueOrThrow({
    where: { resolution_windowStart_infraType_region: { resolution, windowStart: new Date(windowStart), infraType, region: tag } },
    include: { sensors: { orderBy: { sensorKey: "asc" } } },
  });

describe("infrastructure reports", () => {
  beforeAll(async () => {
    influx = await testInflux();
  });
  beforeEach(async () => {
    tag = `rep-${randomUUID().slice(0, 8)}`;
    // A fresh stretch of time per test, so fixtures in the shared InfluxDB database never overlap.
    base = Date.UTC(2021, 0, 1) + Math.floor(Math.random() * 500_000) * W; // 2021 to late 2025: never the live windows a worker may be building
    await db.sensor.updateMany({ where: { key: { startsWith: "rep-" } }, data: { state: "retired" } });
    await db.reportWindow.deleteMany();
    await db.report.deleteMany();
  });
  afterAll(() => db.$disconnect());

  it("computes a window's figures as by hand: calibration, a gap, a flagged range, status and alerts", async () => {
    const a = await sensor("a", "wind_mast", { calibration: { slope: 2, offset: 1, effectiveFrom: base - 86_400_000 } });
    const b = await sensor("b", "wind_mast");
    const c = await sensor("c", "wind_mast", { flag: { from: base + 100_000, to: base + 200_000 } });
    const d = await sensor("d", "power_plant");
    await writeReadings(influx, [
      ...[1, 2, 3, 4, 5].map((value, i) => ({ sensor: a, time: base + i * MIN, value })),
      ...[10, 20, 30].map((value, i) => ({ sensor: b, time: base + i * MIN, value })), // nothing after 2 min: a gap; 3 min without a reading at the end is still within 3 intervals (OK)
      ...[5, 6, 999, 999, 7].map((value, i) => ({ sensor: c, time: base + i * MIN, value })), // 2 and 3 min are flagged
      { sensor: a, time: base + W, value: 1000 }, // the next window's: not counted
    ]);
    await alert(a, "warning", base + 30_000);
    await alert(a, "critical", base + 200_000);
    await alert(a, "critical", base + W + 1); // outside

    await generateWindowReport(db, { influx, windowStart: base });

    const wind = await groupReport("wind_mast");
    const [ra, rb, rc] = wind.sensors;
    // a: raw 1..5 calibrated ×2+1 → 3,5,7,9,11; p95 by nearest rank of 5 is the 5th value.
    expect(ra).toMatchObject({
      readings: 5,
      expected: 5,
      completeness: 1,
      min: 3,
      mean: 7,
      max: 11,
      p95: 11,
      status: "ok",
      alertsWarning: 1,
      alertsCritical: 1,
    });
    expect(ra.stddev).toBeCloseTo(Math.sqrt(10), 10);
    expect(rb).toMatchObject({ readings: 3, completeness: 0.6, min: 10, mean: 20, max: 30, stddev: 10, p95: 30, status: "ok" });
    // c: 999s flagged out; 5,6 and 7 remain; its flagged readings still count as received for status.
    expect(rc).toMatchObject({ readings: 3, completeness: 0.6, min: 5, mean: 6, max: 7, stddev: 1, p95: 7, status: "ok" });

    const union = stats([3, 5, 7, 9, 11, 10, 20, 30, 5, 6, 7]);
    expect(wind).toMatchObject({
      sensorCount: 3,
      readings: 11,
      expected: 15,
      min: 3,
      max: 30,
      p95: 30,
      sensorsOk: 3,
      sensorsLate: 0,
      sensorsSilent: 0,
      alertsWarning: 1,
      alertsCritical: 1,
    });
    expect(wind.completeness).toBeCloseTo(11 / 15, 12);
    expect(wind.mean).toBeCloseTo(union.mean, 10);
    expect(wind.stddev).toBeCloseTo(union.stddev, 10);

    const power = await groupReport("power_plant");
    expect(power).toMatchObject({ sensorCount: 1, readings: 0, completeness: 0, mean: null, sensorsSilent: 1 });
    expect(power.sensors[0]).toMatchObject({ sensorKey: d, status: "silent", readings: 0 });
    const window = await db.reportWindow.findUniqueOrThrow({ where: { resolution_windowStart: { resolution: "5m", windowStart: new Date(base) } } });
    expect(window.rawReadings).toBeGreaterThanOrEqual(13);

    // Chunked by sensor keys (as for very many sensors), the same figures come out: nothing changes.
    const active = await loadReportSensors(db, { from: base, to: base + W });
    expect((await generateWindowReport(db, { influx, windowStart: base, sensors: active, chunkSize: 2 })).changed).toBe(false);
  });

  it("splits a window at a calibration change and reverses order under a negative slope", async () => {
    const e = await sensor("e", "wind_mast", { calibration: { slope: 1, offset: 0, effectiveFrom: base - 86_400_000 } });
    await db.sensorCalibration.create({ data: { sensor: { connect: { key: e } }, slope: -1, offset: 100, effectiveFrom: new Date(base + 150_000) } });
    await writeReadings(
      influx,
      [1, 2, 3, 10, 20].map((value, i) => ({ sensor: e, time: base + i * MIN, value })),
    );
    await generateWindowReport(db, { influx, windowStart: base });
    const [re] = (await groupReport("wind_mast")).sensors;
    // 1, 2, 3 as they are; 10 and 20 become 90 and 80. p95: the larger of the parts' (3, and 100 − raw p5 = 90).
    const union = stats([1, 2, 3, 90, 80]);
    expect(re).toMatchObject({ readings: 5, min: 1, max: 90, p95: 90 });
    expect(re.mean).toBeCloseTo(union.mean, 10);
    expect(re.stddev).toBeCloseTo(union.stddev, 10);
  });

  it("leaves out the same readings as readers do: a flag includes both its ends", async () => {
    // One flag ends exactly at the window's start, another ends exactly on a reading.
    const f = await sensor("f", "wind_mast", { flag: { from: base - W, to: base } });
    await db.sensorFlag.create({ data: { sensor: { connect: { key: f } }, from: new Date(base + 2 * MIN), to: new Date(base + 3 * MIN), reason: "test" } });
    await writeReadings(
      influx,
      [10, 20, 30, 40, 50].map((value, i) => ({ sensor: f, time: base + i * MIN, value })),
    );
    await generateWindowReport(db, { influx, windowStart: base });
    const seen = (await readSensorReadings(db, { sensorKeys: [f], from: base - 1, to: base + W - 1, client: influx })).get(f)!;
    expect(seen.map((r) => r.value)).toEqual([20, 50]);
    const [rf] = (await groupReport("wind_mast")).sensors;
    expect(rf).toMatchObject({ readings: 2, min: 20, mean: 35, max: 50 });
  });

  it("reports a sensor whose key holds %, a backslash and a newline under its own key, whole or in chunks", async () => {
    // Stored percent-encoded (as every writer stores it); "%25" in the key itself must not decode to "%".
    const odd = await sensor("odd 100%25 \\ back\nslash", "wind_mast");
    const plain = await sensor("plain", "wind_mast");
    await writeEncodedReadings(influx, {
      points: [...[1, 2, 3].map((value, i) => ({ sensorKey: odd, time: base + i * MIN, value })), { sensorKey: plain, time: base, value: 7 }],
    });
    await generateWindowReport(db, { influx, windowStart: base });
    const bySensor = new Map((await groupReport("wind_mast")).sensors.map((r) => [r.sensorKey, r]));
    expect(bySensor.get(odd)).toMatchObject({ readings: 3, min: 1, mean: 2, max: 3 });
    expect(bySensor.get(plain)).toMatchObject({ readings: 1, mean: 7 });
    // One sensor per chunk: each statement names its sensors (encoded) and the figures stay the same.
    const active = await loadReportSensors(db, { from: base, to: base + W });
    expect((await generateWindowReport(db, { influx, windowStart: base, sensors: active, chunkSize: 1 })).changed).toBe(false);
  });

  it("reports sensors as silent when nothing has written to InfluxDB yet", async () => {
    await sensor("a", "wind_mast");
    const empty = new InfluxClient({ ...influx.options, database: `never-written-${tag}` });
    await generateWindowReport(db, { influx: empty, windowStart: base });
    expect(await groupReport("wind_mast")).toMatchObject({ readings: 0, completeness: 0, sensorsSilent: 1 });
  });

  it("a rerun of a window changes nothing", async () => {
    const a = await sensor("a", "wind_mast");
    await writeReadings(
      influx,
      [1, 2, 3].map((value, i) => ({ sensor: a, time: base + i * MIN, value })),
    );
    const snapshot = async () => ({
      reports: await db.report.findMany({ where: { region: tag }, include: { sensors: true }, orderBy: { id: "asc" } }),
      parents: await db.reportWindow.findMany({ where: { resolution: "1h" } }),
    });
    expect((await generateWindowReport(db, { influx, windowStart: base })).changed).toBe(true);
    const first = await snapshot();
    expect((await generateWindowReport(db, { influx, windowStart: base })).changed).toBe(false);
    expect(await snapshot()).toEqual(first);

    // A sensor that leaves the group since leaves the rebuilt report.
    const b = await sensor("b", "wind_mast");
    await generateWindowReport(db, { influx, windowStart: base });
    expect((await groupReport("wind_mast")).sensors.map((s) => s.sensorKey)).toEqual([a, b]);
    await db.sensor.update({ where: { key: b }, data: { state: "retired" } });
    expect((await generateWindowReport(db, { influx, windowStart: base })).changed).toBe(true);
    expect(await groupReport("wind_mast")).toMatchObject({ sensorCount: 1, sensors: [{ sensorKey: a }] });
  });

  it("late readings regenerate their window and the rollups above it", async () => {
    // The last hour of a day, so the day closes with it.
    base = Math.floor(base / 86_400_000) * 86_400_000 + 23 * 3_600_000;
    const a = await sensor("a", "wind_mast");
    const onTime = Array.from({ length: 60 }, (_, i) => ({ sensor: a, time: base + i * MIN, value: i % 2 ? 10 : 20 })).filter(
      (r) => r.time < base + 10 * MIN || r.time >= base + 15 * MIN,
    );
    await writeReadings(influx, onTime);
    const now = base + 3_600_000 + 3 * MIN;
    const first = await runReportJob(db, { influx, now, initialLookbackMs: 3 * MIN + 3_600_000, allowedLatenessMs: 2 * MIN });
    expect(first).toMatchObject({ windows: 12, regenerated: 0 });
    expect((await runReportRollup(db, { resolution: "1h" })).windows).toBe(1);
    expect((await runReportRollup(db, { resolution: "1d" })).windows).toBe(1);
    expect(await groupReport("wind_mast", "1h")).toMatchObject({ readings: 55, expected: 60 });
    expect(await groupReport("wind_mast", "1d", base - 23 * 3_600_000)).toMatchObject({ readings: 55, expected: 60 });
    expect((await runReportRollup(db, { resolution: "1h" })).windows).toBe(0); // nothing dirty left

    // Five readings of the 10–15 min window arrive late.
    const late = Array.from({ length: 5 }, (_, i) => ({ sensor: a, time: base + (10 + i) * MIN, value: 30 }));
    await writeReadings(influx, late);
    const second = await runReportJob(db, { influx, now: now + 1_000, allowedLatenessMs: 2 * MIN });
    expect(second).toMatchObject({ windows: 1, regenerated: 1, lateWindows: [new Date(base + 10 * MIN).toISOString()] });
    expect(await groupReport("wind_mast", "5m", base + 10 * MIN)).toMatchObject({ readings: 5, mean: 30 });

    expect((await runReportRollup(db, { resolution: "1h" })).windows).toBe(1);
    expect((await runReportRollup(db, { resolution: "1d" })).windows).toBe(1);
    const all = stats([...onTime, ...late].map((r) => r.value));
    for (const [resolution, start] of [
      ["1h", base],
      ["1d", base - 23 * 3_600_000],
    ] as const) {
      const rollup = await groupReport("wind_mast", resolution, start);
      expect(rollup).toMatchObject({ readings: 60, completeness: 1, min: 10, max: 30 });
      expect(rollup.mean).toBeCloseTo(all.mean, 10);
      expect(rollup.stddev).toBeCloseTo(all.stddev, 10);
    }
    expect(await db.reportWindow.count({ where: { resolution: { in: ["1h", "1d"] }, dirtySince: null, windowStart: { lte: new Date(base) } } })).toBe(2);
  });
});
