import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testInflux, writeReadings } from "@/tests/support/influx-readings";
import { db } from "../../db";
import type { InfluxClient } from "../../influx/influx-client";
import { readSensorReadings } from "../../readings/read-sensor-readings";
import { flagSensorRange } from "../../sensor-corrections/flag-sensor-range";
import { evaluateSensorQc } from "../evaluate-sensor-qc";
import { runQcEvaluation } from "../run-qc-evaluation";
import { setQcOverride } from "../set-qc-override";
import { setQuantityQcConfig } from "../set-quantity-qc-config";
import { listQcRules } from "./list-qc-rules";
import { previewQcRule } from "./preview-qc-rule";
import { saveQcRuleInput } from "./rule-schema";
import { deleteQcRule, saveQcRule } from "./save-qc-rule";

/**
 * Site rules against real PostgreSQL and InfluxDB: the preview is what saving flags; flags carry the
 * rule and its version; the QC tests and a rule keep to their own flags; a manual "good" verdict wins;
 * a changed, narrowed, disabled or deleted rule takes its flags back.
 */
const tag = `rule${randomUUID().slice(0, 8)}`;
const STEP = 600_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 6, 10);
const N = 3 * 144; // three days of 10-minute readings before NOW
const T0 = NOW - N * STEP;
const at = (i: number) => T0 + i * STEP;
const cold = (i: number) => (i >= 200 && i <= 260) || (i >= 300 && i <= 305);
const still = (i: number) => (i >= 210 && i <= 240) || (i >= 300 && i <= 305);
const points = { Spd80mN: `${tag}.spd80mn`, Spd80mNStd: `${tag}.spd80mnstd`, Dir78mS: `${tag}.dir78ms`, T2m: `${tag}.t2m` };
let client: InfluxClient;
let stationId: string;

const icing = {
  flag: ["Spd80mN", "Dir78mS"],
  conditions: [
    { point: "Spd80mNStd", op: "<" as const, value: 0.25 },
    { point: "T2m", op: "<" as const, value: 1 },
  ],
  forMinutes: 120,
};

async function ruleFlags(key: string) {
  const rows = await db.sensorFlag.findMany({ where: { sensor: { key }, source: "auto", test: { startsWith: "rule:" } }, orderBy: { from: "asc" } });
  return rows.map((f) => ({ from: f.from.getTime(), to: f.to.getTime(), test: f.test, version: f.testVersion, severity: f.severity, reason: f.reason }));
}

beforeAll(async () => {
  client = await testInflux();
  const station = await db.station.create({ data: { name: `Rule mast ${tag}`, slug: tag, type: "mast" } });
  stationId = station.id;
  for (const [name, key] of Object.entries(points)) {
    const quantity = name.startsWith("T") ? `temperature_${tag}` : name.startsWith("Dir") ? "wind_direction" : `wind_speed_${tag}`;
    const sensor = await db.sensor.create({ data: { key, name, quantity, unit: "m/s", infraType: "wind_mast", region: tag, site: tag, intervalSeconds: 600 } });
    await db.measurementPoint.create({ data: { stationId, sensorId: sensor.id, name, quantity, statistic: name.endsWith("Std") ? "sd" : "avg", unit: "m/s" } });
  }
  const value: Record<keyof typeof points, (i: number) => number> = {
    Spd80mN: (i) => (i === 100 ? 60 : 7 + Math.sin(i / 4)),
    Spd80mNStd: (i) => (still(i) ? 0.1 : 0.9),
    Dir78mS: (i) => (200 + i) % 360,
    T2m: (i) => (cold(i) ? -2 : 6),
  };
  await writeReadings(
    client,
    Array.from({ length: N }, (_, i) =>
      Object.entries(points).map(([name, sensor]) => ({ sensor, time: at(i), value: value[name as keyof typeof points](i) })),
    ).flat(),
  );
});
afterAll(() => db.$disconnect());

describe("site QC rules", () => {
  let ruleId: string;

  it("previews what it would flag over the last month, and saving flags exactly that", async () => {
    const preview = await previewQcRule(db, { stationId, definition: icing, client, now: NOW });
    expect(preview.text).toBe("flag Spd80mN, Dir78mS (fail) while Spd80mNStd < 0.25 and T2m < 1 for 2 h");
    expect(preview.from).toBe(NOW - 30 * DAY);
    expect(preview.points.map((p) => [p.point, p.ranges, p.readings])).toEqual([
      ["Spd80mN", 1, 31],
      ["Dir78mS", 1, 31],
    ]);
    expect(preview.points[0].shown).toEqual([{ from: at(210), to: at(240) }]);
    // A preview writes nothing.
    expect(await ruleFlags(points.Spd80mN)).toEqual([]);

    const saved = await saveQcRule(db, {
      stationId,
      name: "icing",
      description: "anemometer iced up",
      definition: icing,
      by: "engineer@test",
      client,
      now: NOW,
    });
    ruleId = saved.rule.id;
    expect(saved.flags).toBe(2);
    expect(saved.reevaluationRunId).toEqual(expect.any(String));
    for (const key of [points.Spd80mN, points.Dir78mS]) {
      expect(await ruleFlags(key)).toEqual(
        preview.points[0].shown.map((r) => ({ ...r, test: `rule:${ruleId}`, version: 1, severity: "fail", reason: 'QC rule "icing" v1: fail' })),
      );
    }
    expect(await ruleFlags(points.T2m)).toEqual([]);
    // The flagged readings leave the cleaned series like any flag.
    const cleaned = (await readSensorReadings(db, { sensorKeys: [points.Spd80mN], from: at(0) - 1, to: at(N - 1), client })).get(points.Spd80mN)!;
    expect(cleaned).toHaveLength(N - 31);
    expect(cleaned.filter((r) => r.time >= at(210) && r.time <= at(240))).toEqual([]);
    expect((await listQcRules(db, { stationId })).map((r) => [r.name, r.version, r.flags, r.text])).toEqual([["icing", 1, 2, preview.text]]);
  });

  it("keeps to its own flags: QC tests and the rule re-evaluate without wiping each other's", async () => {
    await setQuantityQcConfig(db, {
      quantity: `wind_speed_${tag}`,
      tests: { gross_range: { enabled: true, params: { failMin: 0, failMax: 50 } } },
      by: "test",
    });
    await evaluateSensorQc(db, { key: points.Spd80mN, from: new Date(at(0)), to: new Date(at(N - 1)), client });
    const tests = await db.sensorFlag.findMany({ where: { sensor: { key: points.Spd80mN }, source: "auto", test: "gross_range" } });
    expect(tests.map((f) => f.from.getTime())).toEqual([at(100)]);
    expect(await ruleFlags(points.Spd80mN)).toHaveLength(1);
    const again = await runQcEvaluation(db, { sensorKeys: [points.Spd80mN], from: new Date(at(0)), to: new Date(NOW), client });
    expect(again.rules).toBe(1);
    expect(await ruleFlags(points.Spd80mN)).toHaveLength(1);
    expect(await db.sensorFlag.count({ where: { sensor: { key: points.Spd80mN }, source: "auto", test: "gross_range" } })).toBe(1);
  });

  it("gives way to a manual 'good' verdict, also when it re-evaluates, and a manual flag stays", async () => {
    await flagSensorRange(db, { key: points.Dir78mS, from: new Date(at(220)), to: new Date(at(222)), reason: "vane stuck", by: "op@test" });
    await setQcOverride(db, { key: points.Dir78mS, from: new Date(at(230)), to: new Date(at(250)), reason: "checked on site", by: "op@test" });
    await saveQcRule(db, { stationId, id: ruleId, name: "icing", description: "anemometer iced up", definition: icing, by: "engineer@test", client, now: NOW });
    expect((await ruleFlags(points.Dir78mS)).map((f) => [f.from, f.to])).toEqual([[at(210), at(230) - 1]]);
    expect((await ruleFlags(points.Spd80mN)).map((f) => [f.from, f.to])).toEqual([[at(210), at(240)]]);
    expect(await db.sensorFlag.count({ where: { sensor: { key: points.Dir78mS }, source: "manual" } })).toBe(1);
  });

  it("raises its version when its definition changes, and takes flags back from points it no longer flags", async () => {
    const saved = await saveQcRule(db, {
      stationId,
      id: ruleId,
      name: "icing",
      definition: { ...icing, flag: ["Spd80mN"], forMinutes: 30 },
      by: "engineer@test",
      client,
      now: NOW,
    });
    expect(saved.rule.version).toBe(2);
    expect((await ruleFlags(points.Spd80mN)).map((f) => [f.from, f.to, f.version])).toEqual([
      [at(210), at(240), 2],
      [at(300), at(305), 2],
    ]);
    expect(await ruleFlags(points.Dir78mS)).toEqual([]);
    // Saved again unchanged: same version, nothing queued.
    const same = await saveQcRule(db, {
      stationId,
      id: ruleId,
      name: "icing",
      definition: { ...icing, flag: ["Spd80mN"], forMinutes: 30 },
      by: "engineer@test",
      client,
      now: NOW,
    });
    expect(same.rule.version).toBe(2);
    expect(same.reevaluationRunId).toBeNull();
  });

  it("refuses an unknown point or a second rule of the same name, writing nothing", async () => {
    await expect(previewQcRule(db, { stationId, definition: { ...icing, flag: ["Spd99m"] }, client, now: NOW })).rejects.toMatchObject({
      code: "INVALID",
      message: expect.stringContaining("Spd99m"),
    });
    await expect(
      saveQcRule(db, {
        stationId,
        name: "ghost",
        definition: { ...icing, conditions: [{ point: "Nope", op: "<", value: 1 }] },
        by: "e@test",
        client,
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: "INVALID" });
    await expect(saveQcRule(db, { stationId, name: "icing", definition: icing, by: "e@test", client, now: NOW })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(saveQcRule(db, { stationId: "no-such-station", name: "x", definition: icing, by: "e@test", client, now: NOW })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await db.qcRule.count({ where: { stationId } })).toBe(1);
    for (const bad of [
      { name: "<script>", definition: icing },
      { name: "", definition: icing },
      { name: "x", definition: { ...icing, flag: "Spd80mN" } },
      { name: "x".repeat(65), definition: icing },
    ]) {
      expect(saveQcRuleInput.safeParse({ stationId, ...bad }).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });

  it("takes every flag back when disabled, and again after being deleted", async () => {
    await saveQcRule(db, {
      stationId,
      id: ruleId,
      name: "icing",
      enabled: false,
      definition: { ...icing, flag: ["Spd80mN"], forMinutes: 30 },
      by: "engineer@test",
      client,
      now: NOW,
    });
    expect(await ruleFlags(points.Spd80mN)).toEqual([]);
    await saveQcRule(db, { stationId, id: ruleId, name: "icing", enabled: true, definition: icing, by: "engineer@test", client, now: NOW });
    expect(await ruleFlags(points.Spd80mN)).toHaveLength(1);
    const deleted = await deleteQcRule(db, { id: ruleId, by: "engineer@test" });
    expect(deleted.flagsRemoved).toBeGreaterThan(0);
    expect(await ruleFlags(points.Spd80mN)).toEqual([]);
    expect(await ruleFlags(points.Dir78mS)).toEqual([]);
    expect(await db.qcRule.count({ where: { id: ruleId } })).toBe(0);
    // The QC tests' flag is untouched.
    expect(await db.sensorFlag.count({ where: { sensor: { key: points.Spd80mN }, source: "auto", test: "gross_range" } })).toBe(1);
  });
});
