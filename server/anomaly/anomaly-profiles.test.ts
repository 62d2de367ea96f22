import { describe, expect, it } from "vitest";
import { anomalyProfileNames, anomalyProfiles } from "./anomaly-profiles";
import { evaluateScanBatch } from "./evaluate-scan-batch";
import { resolveEvalConfig } from "./nab/resolve-eval-config";
import { nabConfiguration } from "./nab/nab-configuration";
import { profileFor, resolveDetectors } from "./resolve-detectors";
import { anomalyConfigSchema } from "./schemas";
import { syntheticSeries } from "./synthetic-series";
import { seriesOf } from "./detectors/detector";

const names = (config: ReturnType<typeof anomalyConfigSchema.parse>, sensor: { sensorKey: string; quantity?: string }) =>
  resolveDetectors(config, sensor)
    .map((d) => d.name)
    .sort();

describe("named anomaly profiles", () => {
  it("each has a one-line description and runs the calibrated novelty detector", () => {
    for (const name of anomalyProfileNames) {
      expect(anomalyProfiles[name].description).toMatch(/^[^\n]{20,200}$/);
      expect(names(anomalyConfigSchema.parse({ profile: name }), { sensorKey: "s" })).toContain("novelty");
    }
  });

  it("picks the sensor's profile, else its quantity's, else the config's, and layers settings on top", () => {
    const config = anomalyConfigSchema.parse({
      profile: "physical",
      quantityProfiles: { vehicles: "traffic" },
      sensorProfiles: { "cpu-1": "utilisation" },
      quantities: { vehicles: { stuck: { enabled: true } } },
    });
    expect(profileFor(config, { sensorKey: "t-1", quantity: "temperature" })).toBe("physical");
    expect(profileFor(config, { sensorKey: "v-1", quantity: "vehicles" })).toBe("traffic");
    expect(profileFor(config, { sensorKey: "cpu-1", quantity: "vehicles" })).toBe("utilisation");
    expect(names(config, { sensorKey: "t-1", quantity: "temperature" })).toEqual(["drift", "gap", "level_shift", "novelty", "spike", "stuck", "threshold"]);
    // The quantity layer switches stuck back on over the traffic profile.
    expect(names(config, { sensorKey: "v-1", quantity: "vehicles" })).toEqual(["gap", "novelty", "stuck", "threshold"]);
    expect(names(config, { sensorKey: "cpu-1", quantity: "vehicles" })).toEqual(["gap", "novelty", "stuck"]);
    // One configuration: every profile's novelty is the one NAB scores; the fault detectors learn the sensor first.
    const params = (sensorKey: string, name: string) => resolveDetectors(config, { sensorKey }).find((d) => d.name === name)!.params;
    expect(params("t-1", "novelty")).toEqual(params("cpu-1", "novelty"));
    expect(params("t-1", "novelty")).toEqual(resolveDetectors(nabConfiguration, { sensorKey: "n" }).find((d) => d.name === "novelty")!.params);
    for (const name of ["spike", "level_shift", "stuck", "gap"]) expect(params("t-1", name)).toMatchObject({ learnFor: 600, learnMargin: 3 });
  });

  it("a per-sensor profile is honoured by the scan's shared per-quantity resolution", () => {
    const config = anomalyConfigSchema.parse({ sensorProfiles: { b: "values" } });
    // Stuck after the 600 readings in which the physical profile's fault detectors learn the sensor.
    const readings = syntheticSeries({ count: 1000, intervalMs: 1000, level: 5, noise: 0.2, seed: 1 });
    for (let i = 900; i < 1000; i++) readings[i] = { ...readings[i], value: 5 };
    const { candidates } = evaluateScanBatch({
      config,
      now: readings.at(-1)!.time,
      sensors: [
        { sensorKey: "a", quantity: "q", state: undefined, series: seriesOf(readings) },
        { sensorKey: "b", quantity: "q", state: undefined, series: seriesOf(readings) },
      ],
    });
    expect([...new Set(candidates.filter((c) => c.detector === "stuck").map((c) => c.sensorKey))]).toEqual(["a"]);
  });

  it("rejects unknown profiles at the boundary", () => {
    expect(anomalyConfigSchema.safeParse({ profile: "nope" }).success).toBe(false);
    expect(anomalyConfigSchema.safeParse({ quantityProfiles: { x: "__proto__" } }).success).toBe(false);
    expect(anomalyConfigSchema.safeParse({ sensorProfiles: { ["k".repeat(201)]: "physical" } }).success).toBe(false);
  });

  it("eval --config resolves default, nab, a profile name and a file", () => {
    expect(resolveEvalConfig("default")).toEqual(anomalyConfigSchema.parse({}));
    expect(resolveEvalConfig("nab")).toEqual(nabConfiguration);
    expect(resolveEvalConfig("traffic").profile).toBe("traffic");
    expect(() => resolveEvalConfig("/no/such/file.json")).toThrow();
  });
});
