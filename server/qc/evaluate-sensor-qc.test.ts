import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testInflux, writeReadings } from "@/tests/support/influx-readings";
import { db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { readSensorReadings } from "../readings/read-sensor-readings";
import { flagSensorRange } from "../sensor-corrections/flag-sensor-range";
import { removeSensorFlag } from "../sensor-corrections/remove-sensor-flag";
import { evaluateSensorQc } from "./evaluate-sensor-qc";
import { runQcEvaluation } from "./run-qc-evaluation";
import { runQcEvaluationInput } from "./schemas";
import { setPointQcConfig } from "./set-point-qc-config";
import { removeQcOverride, setQcOverride } from "./set-qc-override";
import { setQuantityQcConfig } from "./set-quantity-qc-config";

/**
 * QC against real PostgreSQL and InfluxDB: flags written with test, version and parameters; a re-run
 * changes nothing; changed parameters re-evaluate; a manual flag and a manual "good" verdict win over
 * the tests and survive re-evaluation; readers leave auto-flagged readings out like manual ones.
 */
const tag = `qc${randomUUID().slice(0, 8)}`;
const quantity = `wind_speed_${tag}`;
const STEP = 600_000;
const T0 = Date.UTC(2026, 5, 1);
const N = 144; // one day of 10-minute readings
const from = new Date(T0);
const to = new Date(T0 + (N - 1) * STEP);
const at = (i: number) => T0 + i * STEP;
const keys = { a: `${tag}.spd80mn`, b: `${tag}.spd80ms`, c: `${tag}.spd60mn` };
let client: InfluxClient;
let pointA: string;

/** Anemometer A: 8 m/s with a small wave, a spike at 30, stuck at 5.0 from 60 to 71 (2 h); B reads like A but 20 % low from 100 on. */
const speedA = (i: number) => (i === 30 ? 30 : i >= 60 && i <= 71 ? 5 : 8 + Math.sin(i / 5) * 0.5);
const speedB = (i: number) => (i >= 100 ? speedA(i) * 0.8 : speedA(i) * 1.01);

const grossAndSpike = {
  gross_range: { enabled: true, params: { failMin: 0, failMax: 75, suspectMax: 40 } },
  spike: { enabled: true, params: { suspect: 4, fail: 10 } },
  flat_line: { enabled: true, params: { tolerance: 0.001, suspectSeconds: 3600, failSeconds: 3 * 3600 } },
};

async function autoFlags(key: string) {
  const rows = await db.sensorFlag.findMany({ where: { sensor: { key }, source: "auto" }, orderBy: [{ test: "asc" }, { from: "asc" }] });
  return rows.map((f) => ({ test: f.test, version: f.testVersion, severity: f.severity, from: f.from.getTime(), to: f.to.getTime(), params: f.params }));
}

beforeAll(async () => {
  client = await testInflux();
  const station = await db.station.create({ data: { name: `QC mast ${tag}`, slug: tag, type: "mast" } });
  const mk = async (key: string, name: string, heightM: number, orientation: string) => {
    const sensor = await db.sensor.create({ data: { key, name, quantity, unit: "m/s", infraType: "wind_mast", region: tag, site: tag, intervalSeconds: 600 } });
    return db.measurementPoint.create({
      data: { stationId: station.id, sensorId: sensor.id, name, quantity, heightM, orientation, statistic: "avg", unit: "m/s" },
    });
  };
  pointA = (await mk(keys.a, "Spd80mN", 80, "N")).id;
  await mk(keys.b, "Spd80mS", 80, "S");
  await mk(keys.c, "Spd60mN", 60, "N");
  const readings = Array.from({ length: N }, (_, i) => [
    { sensor: keys.a, time: at(i), value: speedA(i) },
    { sensor: keys.b, time: at(i), value: speedB(i) },
    { sensor: keys.c, time: at(i), value: speedA(i) * 0.95 },
  ]).flat();
  await writeReadings(client, readings);
});
afterAll(() => db.$disconnect());

describe("QC evaluation", () => {
  it("writes flags naming their test, version, parameters and severity", async () => {
    await setQuantityQcConfig(db, { quantity, tests: grossAndSpike, by: "test" });
    const result = await evaluateSensorQc(db, { key: keys.a, from, to, client });
    expect(result.readings).toBe(N);
    expect(result.changed).toBe(true);
    const flags = await autoFlags(keys.a);
    expect(flags.filter((f) => f.test === "spike").map((f) => [f.severity, f.from])).toEqual([["fail", at(30)]]);
    // 30 > suspectMax 40? no: gross range leaves 30 m/s alone.
    expect(flags.filter((f) => f.test === "gross_range")).toEqual([]);
    // Stuck 12 readings = 110 min: suspect (≥ 1 h), not fail (3 h); the whole run.
    expect(flags.filter((f) => f.test === "flat_line").map((f) => [f.severity, f.from, f.to])).toEqual([["suspect", at(60), at(71)]]);
    expect(flags.find((f) => f.test === "spike")).toMatchObject({ version: 1, params: { suspect: 4, fail: 10 } });
  });

  it("changes nothing when run again with the same parameters", async () => {
    const before = await autoFlags(keys.a);
    const again = await evaluateSensorQc(db, { key: keys.a, from, to, client });
    expect(again.changed).toBe(false);
    expect(await autoFlags(keys.a)).toEqual(before);
  });

  it("re-evaluates under changed parameters, recording the new ones", async () => {
    await setQuantityQcConfig(db, {
      quantity,
      tests: { ...grossAndSpike, flat_line: { enabled: true, params: { tolerance: 0.001, suspectSeconds: 1800, failSeconds: 5400 } } },
      by: "test",
    });
    await runQcEvaluation(db, { quantity, from, to, client });
    const flat = (await autoFlags(keys.a)).filter((f) => f.test === "flat_line");
    expect(flat.map((f) => [f.severity, f.from, f.to])).toEqual([["fail", at(60), at(71)]]);
    expect(flat[0].params).toEqual({ tolerance: 0.001, suspectSeconds: 1800, failSeconds: 5400 });
  });

  it("leaves auto-flagged readings out of what readers get, like manual flags", async () => {
    const read = (await readSensorReadings(db, { sensorKeys: [keys.a], from: T0 - 1, to: to.getTime() })).get(keys.a)!;
    const times = new Set(read.map((r) => r.time));
    expect(times.has(at(30))).toBe(false);
    expect(times.has(at(65))).toBe(false);
    expect(read.length).toBe(N - 1 - 12);
  });

  it("cross-checks a redundant pair and drift from neighbours, by point", async () => {
    await setPointQcConfig(db, {
      pointId: pointA,
      tests: {
        redundant_pair: { enabled: true, params: { suspectRatioMin: 0.93, suspectRatioMax: 1.07, failRatioMin: 0.7, failRatioMax: 1.4, minValue: 3 } },
        reference_drift: { enabled: true, params: { reference: keys.b, windowSeconds: 7200, suspectOffset: 1, minCount: 6 } },
      },
      by: "test",
    });
    const result = await evaluateSensorQc(db, { key: keys.a, from, to, client });
    expect(result.partner).toBe(keys.b);
    const flags = await autoFlags(keys.a);
    // A / B = 1/0.8 = 1.25 from 100 on (suspect); 0.99 before; the spike (30 / 30.3) is in band.
    expect(flags.filter((f) => f.test === "redundant_pair").map((f) => [f.severity, f.from, f.to])).toEqual([["suspect", at(100), at(N - 1)]]);
    const drift = flags.filter((f) => f.test === "reference_drift");
    // A − B ≈ 1.6 m/s from 100 on; the 2-hour mean passes 1 once 7 of its 12 readings are past the step (i = 106).
    expect(drift.map((f) => f.severity)).toEqual(["suspect"]);
    expect(drift[0].from).toBeGreaterThanOrEqual(at(104));
    expect(drift[0].from).toBeLessThanOrEqual(at(108));
    expect(drift[0].to).toBe(at(N - 1));
  });

  it("lets a manual flag stand and a manual 'good' verdict win, through re-evaluation", async () => {
    const manual = await flagSensorRange(db, { key: keys.a, from: new Date(at(10)), to: new Date(at(12)), reason: "technician on the mast", by: "test" });
    const good = await setQcOverride(db, { key: keys.a, from: new Date(at(60)), to: new Date(at(71)), reason: "calm, truly steady", by: "test" });
    expect(good.autoFlagsCut).toBeGreaterThan(0);
    expect((await autoFlags(keys.a)).filter((f) => f.test === "flat_line")).toEqual([]);

    const result = await evaluateSensorQc(db, { key: keys.a, from, to, client });
    expect(result.changed).toBe(false);
    expect((await autoFlags(keys.a)).filter((f) => f.test === "flat_line")).toEqual([]);
    expect(await db.sensorFlag.findUnique({ where: { id: manual.id } })).toMatchObject({ source: "manual", reason: "technician on the mast" });
    // The overridden readings count again; the manual range stays out.
    const read = (await readSensorReadings(db, { sensorKeys: [keys.a], from: T0 - 1, to: to.getTime() })).get(keys.a)!;
    const times = new Set(read.map((r) => r.time));
    expect(times.has(at(65))).toBe(true);
    expect(times.has(at(11))).toBe(false);

    // Taking the verdict back queues a re-evaluation of its range; run it, and the flags return.
    const removed = await removeQcOverride(db, { id: good.override.id, by: "test" });
    const run = await db.jobRun.findUniqueOrThrow({ where: { id: removed.reevaluationRunId } });
    expect(run.kind).toBe("qc-evaluate");
    await runQcEvaluation(db, { ...(run.params as { sensorKeys: string[]; from: string; to: string }), client });
    expect((await autoFlags(keys.a)).filter((f) => f.test === "flat_line").map((f) => [f.from, f.to])).toEqual([[at(60), at(71)]]);
  });

  it("turns an auto flag removed by hand into a 'good' verdict, so QC does not write it again", async () => {
    const spikeFlag = await db.sensorFlag.findFirstOrThrow({ where: { sensor: { key: keys.a }, source: "auto", test: "spike" } });
    await removeSensorFlag(db, { id: spikeFlag.id, by: "test" });
    await evaluateSensorQc(db, { key: keys.a, from, to, client });
    expect((await autoFlags(keys.a)).filter((f) => f.test === "spike")).toEqual([]);
    expect(await db.sensorQcOverride.count({ where: { sensor: { key: keys.a }, from: new Date(at(30)) } })).toBe(1);
  });

  it("runs as a schedule does: the last hours before now, every sensor of every configured quantity", async () => {
    const result = await runQcEvaluation(db, { lastHours: 24, now: to.getTime() + 1, client });
    expect(result.sensors).toBeGreaterThanOrEqual(3);
    expect(result.skipped).toBe(0);
    expect(runQcEvaluationInput.safeParse({ lastHours: 24, from, to }).success).toBe(false);
    expect(runQcEvaluationInput.safeParse({ from }).success).toBe(false);
    expect(runQcEvaluationInput.safeParse({ lastHours: 10_000 }).success).toBe(false);
    expect(runQcEvaluationInput.safeParse({ sensorKeys: [keys.a], quantity, lastHours: 1 }).success).toBe(false);
  });

  it("keeps auto flags outside the evaluated range and trims those across its edge", async () => {
    const flat = (await autoFlags(keys.a)).filter((f) => f.test === "flat_line");
    expect(flat).toHaveLength(1);
    // Re-judge only [0, 65]: with the data cut at 65 the run lasts 50 min (suspect under 1800/5400? 50 min ≥ 30 min: suspect).
    await evaluateSensorQc(db, { key: keys.a, from, to: new Date(at(65)), client });
    const after = (await autoFlags(keys.a)).filter((f) => f.test === "flat_line").map((f) => [f.severity, f.from, f.to]);
    expect(after).toEqual([
      ["suspect", at(60), at(65)],
      ["fail", at(65) + 1, at(71)],
    ]);
  });
});
