import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectorVersion } from "../anomaly/detector-version";
import { scoreConfigOnLabels } from "../anomaly/labels/score-config-on-labels";
import { anomalyConfigSchema } from "../anomaly/schemas";
import { syntheticSeries } from "../anomaly/synthetic-series";
import { db } from "../db";
import { influx } from "../influx/influx-client";
import { ensureReadingsStore } from "../retention/ensure-readings-store";
import { writeReadings } from "../readings/write-readings";
import { registerSensors } from "../sensors/register-sensors";
import { benchmarkLabelledIncidents, labelBenchmarkOptions } from "./benchmark-labelled-incidents";

const MIN = 60_000;
const DAY = 86_400_000;
const run = randomUUID().slice(0, 8);
const start = Math.floor((Date.now() - 4 * DAY) / MIN) * MIN;
const spikeAt = start + 3 * DAY + 12 * 60 * MIN;
const cleanAt = start + 3 * DAY + 6 * 60 * MIN;
const spiky = `${run}-labels-spiky`;
const clean = `${run}-labels-clean`;

/** A sensor with a daily cycle every minute for four days; `spiky` has one big spike on day four. */
function readingsOf(key: string) {
  return syntheticSeries({ start, count: (4 * DAY) / MIN, intervalMs: MIN, level: 20, dailyAmplitude: 4, noise: 0.3, seed: 3 }).map((r) => ({
    sensorKey: key,
    time: r.time,
    value: key === spiky && r.time === spikeAt ? r.value + 15 : r.value,
  }));
}

async function labelled(sensorKey: string, at: number, label: string) {
  const id = `${run}-incident-${randomUUID()}`;
  await db.alertIncident.create({
    data: {
      id,
      groupingKey: id,
      sensorKey,
      quantity: "temperature",
      status: "resolved",
      severity: "warning",
      detectors: ["spike"],
      openedAt: new Date(at),
      lastSeenAt: new Date(at),
      label,
      labelledBy: "op@test",
      labelledAt: new Date(),
      labelDetectorVersion: detectorVersion,
    },
  });
  return id;
}

describe("the labelled-incidents benchmark (eval:labels)", () => {
  beforeAll(async () => {
    await ensureReadingsStore(db, { client: influx() });
    await registerSensors(db, {
      sensors: [spiky, clean].map((key) => ({
        key,
        name: key,
        quantity: "temperature",
        unit: "°C",
        infraType: "building",
        region: `${run}-labels`,
        site: "test",
        intervalSeconds: 60,
      })),
    });
    await writeReadings(influx(), { points: [...readingsOf(spiky), ...readingsOf(clean)] });
  });
  afterAll(() => db.$disconnect());

  it("streams each labelled sensor's history through a configuration and counts the real incidents it raises again and the rejected ones it still raises", async () => {
    const realSpike = await labelled(spiky, spikeAt, "real");
    const rejectedQuiet = await labelled(spiky, cleanAt, "not_anomaly");
    const realMissed = await labelled(clean, spikeAt, "real");
    const unknown = await labelled(clean, cleanAt, "maybe");

    const result = await benchmarkLabelledIncidents(db, { config: anomalyConfigSchema.parse({}), historyDays: 3.5, toleranceMinutes: 5 });
    const mine = new Map(result.perIncident.map((p) => [p.id, p]));
    expect(mine.get(realSpike)).toMatchObject({ label: "real", raised: true });
    expect(mine.get(realSpike)!.detectors).toContain("spike");
    expect(mine.get(rejectedQuiet)).toMatchObject({ label: "not_anomaly", raised: false });
    expect(mine.get(realMissed)).toMatchObject({ label: "real", raised: false });
    // A label this code does not know is left out, not guessed at.
    expect(mine.has(unknown)).toBe(false);
    expect(result.overall.realFound).toBeGreaterThanOrEqual(1);
    expect(result.byLabelVersion[detectorVersion].real).toBeGreaterThanOrEqual(2);

    // A configuration without the spike detector does not find it again: the benchmark tells configurations apart.
    const without = await benchmarkLabelledIncidents(db, {
      config: anomalyConfigSchema.parse({ defaults: { spike: { enabled: false }, novelty: { enabled: false }, level_shift: { enabled: false } } }),
      historyDays: 3.5,
      toleranceMinutes: 5,
    });
    expect(without.perIncident.find((p) => p.id === realSpike)).toMatchObject({ raised: false });
  });

  it("scores precision and recall per profile, and counts incidents whose sensor has no readings apart", () => {
    const readings = new Map([
      ["a", syntheticSeries({ start, count: 3000, intervalMs: MIN, level: 5, noise: 0.2, seed: 9 }).map((r, i) => (i === 2500 ? { ...r, value: 50 } : r))],
    ]);
    const at = start + 2500 * MIN;
    const result = scoreConfigOnLabels({
      incidents: [
        { id: "hit", sensorKey: "a", quantity: null, label: "real", labelDetectorVersion: null, openedAt: at, lastSeenAt: at },
        { id: "stale", sensorKey: "a", quantity: null, label: "not_anomaly", labelDetectorVersion: "v0", openedAt: at + MIN, lastSeenAt: at + MIN },
        { id: "gone", sensorKey: "b", quantity: null, label: "real", labelDetectorVersion: "v0", openedAt: at, lastSeenAt: at },
      ],
      readings,
      config: anomalyConfigSchema.parse({}),
      toleranceMs: 0,
    });
    expect(result.withoutReadings).toBe(1);
    expect(result.overall).toEqual({ real: 1, realFound: 1, notAnomaly: 1, notAnomalyRaised: 0, recall: 1, precision: 1 });
    expect(Object.keys(result.byProfile)).toEqual(["physical"]);
    expect(result.byLabelVersion.unknown.realFound).toBe(1);
  });

  it("refuses unbounded or malformed options at the boundary", () => {
    for (const bad of [
      { limit: 0 },
      { limit: 1_000_000 },
      { limit: "ten" },
      { historyDays: -1 },
      { historyDays: 365 },
      { toleranceMinutes: 1e9 },
      { limit: 10, extra: 1 },
    ]) {
      expect(labelBenchmarkOptions.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(labelBenchmarkOptions.parse({})).toEqual({ limit: 1000, historyDays: 7, toleranceMinutes: 30 });
  });
});
