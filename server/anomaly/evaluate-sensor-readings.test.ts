import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { emptySensorState, evaluateSensorReadings, type AlertCandidate } from "./evaluate-sensor-readings";
import { resolveDetectors } from "./resolve-detectors";
import { anomalyConfigSchema, type AnomalyConfigInput } from "./schemas";
import { restoreSensorState, serializeSensorState } from "./sensor-state-codec";
import { syntheticSeries } from "./synthetic-series";
import { seriesOf, type Reading } from "./detectors/detector";

const MINUTE = 60_000;
const DAY = 86_400_000;

function evaluate(readings: Reading[], input: AnomalyConfigInput = {}, now?: number, sensor = { sensorKey: "plant-1/temp-7", quantity: "temperature" }) {
  const config = anomalyConfigSchema.parse(input);
  return evaluateSensorReadings({
    seasonalGate: config.seasonalGate,
    sensorCooldownMs: config.sensorCooldownMs,
    sensorKey: sensor.sensorKey,
    detectors: resolveDetectors(config, sensor),
    state: emptySensorState(),
    series: seriesOf(readings),
    bucketMs: config.bucketMs,
    cooldownMs: config.cooldownMs,
    now,
  });
}

// A sensor with a daily cycle, every minute, several days: what most of our sensors look like.
const cycle = (days: number) => syntheticSeries({ count: (days * DAY) / MINUTE, intervalMs: MINUTE, level: 20, dailyAmplitude: 6, noise: 0.3, seed: 11 });

describe("evaluating a sensor's new readings with the default configuration", () => {
  it("raises nothing on clean noisy data", () => {
    const readings = syntheticSeries({ count: 20_000, intervalMs: 1000, level: 5, noise: 0.2, seed: 5 });
    expect(evaluate(readings, {}, readings.at(-1)!.time + 1000).candidates).toEqual([]);
  });

  it("raises nothing on a clean daily cycle", () => {
    expect(evaluate(cycle(6)).candidates).toEqual([]);
  });

  it("raises one keyed candidate per detector and time bucket, with severity and evidence", () => {
    const readings = cycle(4);
    // Stuck from 00:05 to 00:44: the 30th repeat (00:34) and the rest of the run fall into one 15-minute bucket.
    const stuckFrom = 3 * 1440 + 5;
    for (let i = stuckFrom; i < stuckFrom + 40; i++) readings[i] = { ...readings[i], value: 19.25 };
    const { candidates } = evaluate(readings);
    const stuck = candidates.filter((c) => c.detector === "stuck");
    expect(stuck).toHaveLength(1);
    const [alert] = stuck;
    expect(alert.time).toBe(readings[stuckFrom + 29].time);
    // Keyed by the run's start, so every scan that sees the run updates one alert.
    expect(alert.bucketStart).toBe(Math.floor(readings[stuckFrom].time / (15 * MINUTE)) * 15 * MINUTE);
    expect(alert.key).toBe(`plant-1/temp-7|stuck|${new Date(alert.bucketStart).toISOString()}`);
    expect(alert.evidence).toEqual({ from: readings[stuckFrom].time, to: alert.time });
    expect(alert.severity).toBe("warning");
  });

  it("keeps one alert for a condition that lasts, re-sent as it goes on so its last-seen time moves", () => {
    const readings = cycle(4);
    const stuckFrom = 3 * 1440 + 5;
    for (let i = stuckFrom; i < stuckFrom + 90; i++) readings[i] = { ...readings[i], value: 19.25 };
    const stuck = evaluate(readings).candidates.filter((c) => c.detector === "stuck");
    expect(new Set(stuck.map((c) => c.key)).size).toBe(1);
    expect(stuck.map((c) => c.time)).toEqual([29, 59, 89].map((k) => readings[stuckFrom + k].time));
  });

  it("raises one alert per event: a detector's next new alert waits for the cooldown (6 h by default)", () => {
    const readings = cycle(4);
    // Two stuck runs 3 hours apart: the second is the same episode's aftermath, then one 7 hours on is new.
    for (const from of [3 * 1440 + 5, 3 * 1440 + 185, 3 * 1440 + 605]) for (let i = from; i < from + 40; i++) readings[i] = { ...readings[i], value: 19.25 };
    const stuck = evaluate(readings).candidates.filter((c) => c.detector === "stuck");
    expect(stuck.map((c) => c.time)).toEqual([readings[3 * 1440 + 34].time, readings[3 * 1440 + 634].time]);
  });

  it("reports a silent sensor at scan time", () => {
    const readings = cycle(1);
    const { candidates } = evaluate(readings, {}, readings.at(-1)!.time + 30 * MINUTE);
    expect(candidates.map((c) => c.detector)).toEqual(["gap"]);
  });

  it("keys a silence by its start: every scan that sees it, and the reading that ends it, give one alert key", () => {
    const readings = cycle(1);
    const lastTime = readings.at(-1)!.time;
    const config = anomalyConfigSchema.parse({});
    const detectors = resolveDetectors(config, { sensorKey: "s" });
    let state = evaluateSensorReadings({
      sensorKey: "s",
      detectors,
      state: emptySensorState(),
      series: seriesOf(readings),
      bucketMs: config.bucketMs,
      cooldownMs: 0,
    }).state;
    const keys: string[] = [];
    for (const minutes of [10, 30, 60, 90]) {
      const result = evaluateSensorReadings({
        sensorKey: "s",
        detectors,
        state,
        series: seriesOf([]),
        bucketMs: config.bucketMs,
        cooldownMs: 0,
        now: lastTime + minutes * MINUTE,
      });
      keys.push(...result.candidates.map((c) => c.key));
      state = result.state;
    }
    const resumed = evaluateSensorReadings({
      sensorKey: "s",
      detectors,
      state,
      series: seriesOf([{ time: lastTime + 95 * MINUTE, value: 20 }]),
      bucketMs: config.bucketMs,
      cooldownMs: 0,
    });
    keys.push(...resumed.candidates.filter((c) => c.detector === "gap").map((c) => c.key));
    expect(keys).toHaveLength(5);
    expect(new Set(keys)).toEqual(new Set([`s|gap|${new Date(Math.floor(lastTime / (15 * MINUTE)) * 15 * MINUTE).toISOString()}`]));
  });

  it("debounces with the cooldown", () => {
    const readings = syntheticSeries({ count: 3000, intervalMs: 1000, level: 5, noise: 0.2, seed: 5 });
    for (const i of [1000, 1100, 2500]) readings[i] = { ...readings[i], value: 50 };
    const spikes = (cooldownMs: number) =>
      evaluate(readings, { cooldownMs, bucketMs: 60_000, defaults: { level_shift: { enabled: false } } }).candidates.filter((c) => c.detector === "spike");
    expect(spikes(0).map((c) => c.time - readings[0].time)).toEqual([1000_000, 1100_000, 2500_000]);
    expect(spikes(10 * MINUTE).map((c) => c.time - readings[0].time)).toEqual([1000_000, 2500_000]);
  });
});

describe("suppression rules", () => {
  it("with the seasonal gate, a sharp edge that happens every day at the same time stops alerting once learned", () => {
    // A square wave: 10 by night, 30 from 08:00 to 18:00, every minute, 6 days.
    const readings = syntheticSeries({ count: 6 * 1440, intervalMs: MINUTE, noise: 0.2, seed: 3 }).map((r) => {
      const hour = new Date(r.time).getUTCHours();
      return { ...r, value: r.value + (hour >= 8 && hour < 18 ? 30 : 10) };
    });
    const edgeDays = (seasonalGate: boolean) =>
      new Set(
        evaluate(readings, { seasonalGate, defaults: { seasonal: { enabled: true } } })
          .candidates.filter((c) => c.detector === "spike" || c.detector === "level_shift")
          .map((c) => new Date(c.time).getUTCDate()),
      );
    expect([...edgeDays(false)].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    // The profile learns for two days (minPeriods); from the third day on the daily edges are usual.
    expect([...edgeDays(true)].sort()).toEqual([1, 2]);
  });

  it("a sensor-wide cooldown silences every detector after any alert", () => {
    const readings = syntheticSeries({ count: 3000, intervalMs: 1000, level: 5, noise: 0.2, seed: 5 });
    readings[1000] = { ...readings[1000], value: 50 };
    for (let i = 1200; i < 1240; i++) readings[i] = { ...readings[i], value: 5 };
    const firing = (sensorCooldownMs: number) => evaluate(readings, { sensorCooldownMs }).candidates;
    expect(firing(0).map((c) => c.detector)).toEqual(expect.arrayContaining(["spike", "stuck"]));
    // Detectors that fire on the same reading all report it (spike, and novelty's new range); nothing after.
    const cooled = firing(10 * MINUTE);
    expect(cooled.map((c) => c.detector)).toEqual(["spike", "novelty"]);
    expect(new Set(cooled.map((c) => c.time))).toEqual(new Set([readings[1000].time]));
  });
});

describe("detector state across scans", () => {
  it("gives the same alerts and state whether a series arrives at once or in batches, through a JSON round-trip", () => {
    const readings = cycle(4);
    for (let i = 4000; i < 4040; i++) readings[i] = { ...readings[i], value: 3 };
    readings[5000] = { ...readings[5000], value: 80 };
    const config = anomalyConfigSchema.parse({});
    const detectors = resolveDetectors(config, { sensorKey: "s" });
    const options = { sensorKey: "s", detectors, bucketMs: config.bucketMs, cooldownMs: config.cooldownMs };

    const whole = evaluateSensorReadings({ ...options, state: emptySensorState(), series: seriesOf(readings) });

    let stored = serializeSensorState(emptySensorState());
    const batched: AlertCandidate[] = [];
    for (let from = 0; from < readings.length; from += 30) {
      const result = evaluateSensorReadings({ ...options, state: restoreSensorState(stored), series: seriesOf(readings.slice(from, from + 30)) });
      batched.push(...result.candidates);
      stored = serializeSensorState(result.state);
    }
    expect(whole.candidates.length).toBeGreaterThanOrEqual(3);
    expect(batched).toEqual(whole.candidates);
    expect(JSON.parse(stored)).toEqual(JSON.parse(serializeSensorState(whole.state)));
  });

  it("rebuilds a detector's state when its parameters change", () => {
    const config = anomalyConfigSchema.parse({});
    const state = emptySensorState();
    const readings = syntheticSeries({ count: 100, intervalMs: 1000 });
    evaluateSensorReadings({
      sensorKey: "s",
      detectors: resolveDetectors(config, { sensorKey: "s" }),
      state,
      series: seriesOf(readings),
      bucketMs: 60_000,
      cooldownMs: 0,
    });
    expect((state.detectors.spike!.state as { window: { capacity: number } }).window.capacity).toBe(60);
    const resized = anomalyConfigSchema.parse({ sensors: { s: { spike: { params: { window: 30 } } } } });
    evaluateSensorReadings({
      sensorKey: "s",
      detectors: resolveDetectors(resized, { sensorKey: "s" }),
      state,
      series: seriesOf([]),
      bucketMs: 60_000,
      cooldownMs: 0,
    });
    expect((state.detectors.spike!.state as { window: { capacity: number; values: number[] } }).window).toMatchObject({ capacity: 30, values: [] });
  });

  it("refuses stored state of an unknown shape", () => {
    expect(() => restoreSensorState('{"version":2}')).toThrow(DomainError);
    expect(() => restoreSensorState("not json")).toThrow(DomainError);
  });
});

describe("configuration per quantity and per sensor", () => {
  it("merges defaults < quantity < sensor, parameter by parameter", () => {
    const config = anomalyConfigSchema.parse({
      defaults: { stuck: { params: { repeats: 10 } }, drift: { enabled: false } },
      quantities: { temperature: { threshold: { params: { validMin: -40, validMax: 125 } }, stuck: { params: { tolerance: 0.01 } } } },
      sensors: { "plant-1/temp-7": { threshold: { params: { validMax: 90 } }, drift: { enabled: true } } },
    });
    const byName = (sensor: { sensorKey: string; quantity?: string }) => Object.fromEntries(resolveDetectors(config, sensor).map((d) => [d.name, d.params]));
    const special = byName({ sensorKey: "plant-1/temp-7", quantity: "temperature" });
    expect(special.threshold).toEqual({ validMin: -40, validMax: 90 });
    expect(special.stuck).toMatchObject({ repeats: 10, tolerance: 0.01 });
    expect(special.drift).toBeDefined();
    const other = byName({ sensorKey: "plant-2/flow-1", quantity: "flow" });
    expect(other.threshold).toEqual({});
    expect(other.stuck).toMatchObject({ repeats: 10, tolerance: 0 });
    expect(other.drift).toBeUndefined();
  });

  it("rejects unknown detectors, unknown parameters and bad values at the boundary", () => {
    expect(anomalyConfigSchema.safeParse({ defaults: { nope: {} } }).success).toBe(false);
    expect(anomalyConfigSchema.safeParse({ defaults: { spike: { params: { windw: 10 } } } }).success).toBe(false);
    expect(anomalyConfigSchema.safeParse({ defaults: { spike: { params: { window: -1 } } } }).success).toBe(false);
  });

  it("rejects limits that only contradict once merged", () => {
    const config = anomalyConfigSchema.parse({
      quantities: { t: { threshold: { params: { validMin: 50 } } } },
      sensors: { s: { threshold: { params: { validMax: 10 } } } },
    });
    expect(() => resolveDetectors(config, { sensorKey: "s", quantity: "t" })).toThrow(/validMin/);
  });
});
