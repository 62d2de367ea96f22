import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gaussian, seededRandom } from "../anomaly/synthetic-series";
import { db } from "../db";
import { influx } from "../influx/influx-client";
import { findJobKind } from "../catalog/job-kinds";
import type { JobContext } from "../runs/job-kind";
import { scanSensorAnomalies } from "./scan-sensor-anomalies";
import { ensureReadingsStore } from "../retention/ensure-readings-store";
import { writeReadings } from "../readings/write-readings";
import { registerSensors } from "../sensors/register-sensors";
import { buildSimulatedFleet } from "../simulator/build-simulated-fleet";
import { generateSensorReadings } from "../simulator/generate-sensor-readings";
import type { InjectedAnomaly } from "../simulator/plan-anomalies";

const HOUR = 3_600_000;
const run = randomUUID().slice(0, 8);
const region = `scan-${run}`;

const context = (): JobContext => ({
  jobId: `test-${run}`,
  attempt: 1,
  signal: new AbortController().signal,
  progress: async () => undefined,
  log: { info: () => undefined, warn: () => undefined, error: () => undefined },
});

describe("anomaly-scan job kind", () => {
  beforeAll(() => ensureReadingsStore(db, { client: influx() }));
  afterAll(() => db.$disconnect());

  it("scans the sensors in scope over simulated readings, finds the injected spike, and skips a flagged one", async () => {
    // Three power-plant sensors of one asset; both power sensors get the same spike, one of them is flagged there.
    const fleet = buildSimulatedFleet({ count: 40 })
      .filter((s) => s.infraType === "power_plant")
      .slice(0, 3)
      .map((s) => ({ ...s, key: `${run}-${s.key}`, region }));
    const [spiked, other] = fleet;
    const flagged = { ...spiked, key: `${spiked.key}-flagged` };
    const sensors = [...fleet, flagged];
    await registerSensors(db, {
      sensors: sensors.map((s) => ({
        key: s.key,
        name: s.name,
        quantity: s.quantity,
        unit: s.unit,
        infraType: s.infraType,
        region,
        site: s.site,
        intervalSeconds: s.intervalSeconds,
        validMin: s.validMin,
        validMax: s.validMax,
      })),
    });

    const now = Date.now();
    const interval = spiked.intervalSeconds * 1000;
    const spikeAt = Math.floor((now - 30 * 60_000) / interval) * interval;
    const spike = (key: string): InjectedAnomaly => ({ sensorKey: key, kind: "spike", from: spikeAt, to: spikeAt, magnitude: 120 });
    const points = sensors.flatMap((s) =>
      generateSensorReadings(s, {
        from: now - 3 * HOUR,
        to: now - 60_000,
        anomalies: [spike(spiked.key), spike(flagged.key)],
        normal: gaussian(seededRandom(5)),
        random: seededRandom(6),
        missingChance: 0,
      }).map((r) => ({ sensorKey: s.key, time: r.time, value: r.value, quantity: s.quantity, infraType: s.infraType, region })),
    );
    await writeReadings(influx(), { points });
    const flaggedRow = await db.sensor.findUniqueOrThrow({ where: { key: flagged.key } });
    await db.sensorFlag.create({ data: { sensorId: flaggedRow.id, from: new Date(spikeAt - interval), to: new Date(spikeAt + interval), reason: "test rig" } });

    const kind = findJobKind("anomaly-scan")!;
    expect(() => kind.params.parse({ region, allowedLatenessMs: -1 })).toThrow();
    const params = kind.params.parse({ region, allowedLatenessMs: 0, initialLookbackMs: 3 * HOUR, quietMs: 2 * HOUR });
    const result = (await kind.run(params, context())) as Record<string, unknown>;
    expect(result).toMatchObject({ sensors: 4 });
    expect(result.records).toBeGreaterThan(points.length - 10);

    const alerts = await db.alert.findMany({ where: { sensorKey: { in: sensors.map((s) => s.key) } } });
    const atSpike = alerts.filter((a) => a.at.getTime() === spikeAt);
    expect(atSpike.map((a) => a.sensorKey)).toContain(spiked.key);
    expect(atSpike.map((a) => a.detector)).toContain("spike");
    expect(alerts.filter((a) => a.sensorKey === flagged.key && a.at.getTime() === spikeAt)).toEqual([]);
    expect(alerts.filter((a) => a.sensorKey === other.key && a.detector === "spike")).toEqual([]);
    const incident = await db.alertIncident.findFirstOrThrow({ where: { sensorKey: spiked.key } });
    expect(incident).toMatchObject({ region, infraType: "power_plant", quantity: spiked.quantity, status: "open" });

    // The next scan starts at the watermark: nothing new, nothing duplicated.
    const again = (await kind.run(params, context())) as Record<string, unknown>;
    expect(again.alerts).toBe(0);
    expect(await db.alert.count({ where: { sensorKey: { in: sensors.map((s) => s.key) } } })).toBe(alerts.length);
  });

  it("warms a sensor new to the scan up on its recent history, so a spike in its first window is found", async () => {
    const [sensor] = buildSimulatedFleet({ count: 40 }).filter((s) => s.quantity === "power_output");
    const key = `${run}-warm-${sensor.key}`;
    const warmRegion = `${region}-warm`;
    await registerSensors(db, {
      sensors: [
        {
          key,
          name: sensor.name,
          quantity: sensor.quantity,
          unit: sensor.unit,
          infraType: sensor.infraType,
          region: warmRegion,
          site: sensor.site,
          intervalSeconds: 60,
          validMin: sensor.validMin,
          validMax: sensor.validMax,
        },
      ],
    });
    const now = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
    const spikeAt = now - 5 * 60_000;
    const readings = generateSensorReadings(sensor, {
      from: now - 3 * HOUR,
      to: now,
      anomalies: [{ sensorKey: sensor.key, kind: "spike", from: spikeAt, to: spikeAt, magnitude: 150 }],
      normal: gaussian(seededRandom(8)),
      random: seededRandom(9),
      missingChance: 0,
    });
    await writeReadings(influx(), { points: readings.map((r) => ({ sensorKey: key, time: r.time, value: r.value })) });

    // The first window holds ten readings: too few for the spike detector's baseline on its own.
    const scan = (warmupMs: number) =>
      scanSensorAnomalies(db, {
        region: warmRegion,
        scanKey: `warm-${run}-${warmupMs}`,
        allowedLatenessMs: 0,
        initialLookbackMs: 10 * 60_000,
        quietMs: 2 * HOUR,
        warmupMs,
        now,
      });
    expect((await scan(0)).alerts).toBe(0);
    const warm = await scan(2 * HOUR);
    expect(warm.alerts).toBeGreaterThanOrEqual(1);
    expect((await db.alert.findMany({ where: { sensorKey: key, detector: "spike" } })).map((a) => a.at.getTime())).toEqual([spikeAt]);
  });
});
