import { describe, expect, it } from "vitest";
import { gaussian, seededRandom } from "../anomaly/synthetic-series";
import { buildSimulatedFleet } from "./build-simulated-fleet";
import { expectedValue, generateSensorReadings } from "./generate-sensor-readings";
import { planAnomalies, type InjectedAnomaly } from "./plan-anomalies";

const HOUR = 3_600_000;
const day = Date.UTC(2026, 10, 20);

describe("simulated fleet", () => {
  it("has exactly the asked number of sensors, unique keys, every infrastructure type and several regions", () => {
    const fleet = buildSimulatedFleet({ count: 1000 });
    expect(fleet).toHaveLength(1000);
    expect(new Set(fleet.map((s) => s.key)).size).toBe(1000);
    expect(new Set(fleet.map((s) => s.infraType))).toEqual(new Set(["wind_mast", "power_plant", "water_network", "building"]));
    expect(new Set(fleet.map((s) => s.region)).size).toBeGreaterThanOrEqual(5);
    for (const s of fleet) {
      expect(s.validMin).toBeLessThan(s.validMax);
      expect(s.level).toBeGreaterThanOrEqual(s.validMin);
      expect(s.unit).not.toBe("");
    }
    expect(buildSimulatedFleet({ count: 1000 })).toEqual(fleet);
  });
});

describe("simulated readings", () => {
  const [sensor] = buildSimulatedFleet({ count: 1 });
  const generate = (anomalies: InjectedAnomaly[], missingChance = 0) =>
    generateSensorReadings(sensor, { from: day, to: day + 24 * HOUR, anomalies, normal: gaussian(seededRandom(1)), random: seededRandom(2), missingChance });

  it("samples on the sensor's interval with a daily cycle and noise inside the valid range", () => {
    const readings = generate([]);
    expect(readings).toHaveLength((24 * 3600) / sensor.intervalSeconds);
    expect(readings[1].time - readings[0].time).toBe(sensor.intervalSeconds * 1000);
    for (const r of readings) {
      expect(r.value).toBeGreaterThanOrEqual(sensor.validMin);
      expect(Math.abs(r.value - expectedValue(sensor, r.time))).toBeLessThan(sensor.noise * 6);
    }
  });

  it("misses a few readings at random", () => {
    const readings = generate([], 0.05);
    expect(readings.length).toBeLessThan(1440 * 0.98);
    expect(readings.length).toBeGreaterThan(1440 * 0.9);
  });

  it("injects each kind of anomaly where its label says", () => {
    const at = (h: number) => day + h * HOUR;
    const anomalies: InjectedAnomaly[] = [
      { sensorKey: sensor.key, kind: "spike", from: at(2), to: at(2), magnitude: 40 },
      { sensorKey: sensor.key, kind: "level_shift", from: at(4), to: at(6), magnitude: 10 },
      { sensorKey: sensor.key, kind: "stuck", from: at(8), to: at(9), magnitude: 0 },
      { sensorKey: sensor.key, kind: "dropout", from: at(10), to: at(11), magnitude: 0 },
      { sensorKey: sensor.key, kind: "drift", from: at(12), to: at(20), magnitude: 8 },
    ];
    const readings = generate(anomalies);
    const value = (t: number) => readings.find((r) => r.time === t)?.value;
    expect(value(at(2))! - expectedValue(sensor, at(2))).toBeGreaterThan(35);
    const shifted = readings.filter((r) => r.time >= at(4) && r.time <= at(6));
    expect(shifted.every((r) => r.value - expectedValue(sensor, r.time) > 5)).toBe(true);
    expect(new Set(readings.filter((r) => r.time >= at(8) && r.time <= at(9)).map((r) => r.value)).size).toBe(1);
    expect(readings.filter((r) => r.time >= at(10) && r.time <= at(11))).toEqual([]);
    expect(value(at(20))! - expectedValue(sensor, at(20))).toBeGreaterThan(5);
  });

  it("plans anomalies inside the window, at the asked rate, never two close together on one sensor", () => {
    const fleet = buildSimulatedFleet({ count: 500 });
    const planned = planAnomalies({ fleet, from: day, to: day + 7 * 24 * HOUR, ratePerSensorDay: 0.02, random: seededRandom(3) });
    expect(planned.length).toBeGreaterThan(50);
    expect(planned.length).toBeLessThanOrEqual(70);
    expect(new Set(planned.map((a) => a.kind)).size).toBe(5);
    for (const a of planned) {
      expect(a.from).toBeGreaterThanOrEqual(day);
      expect(a.to).toBeLessThan(day + 7 * 24 * HOUR);
      const same = planned.filter((b) => b !== a && b.sensorKey === a.sensorKey);
      for (const b of same) expect(b.to < a.from || b.from > a.to).toBe(true);
    }
  });
});
