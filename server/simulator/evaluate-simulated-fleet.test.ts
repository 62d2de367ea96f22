import { describe, expect, it } from "vitest";
import { anomalyConfigSchema } from "../anomaly/schemas";
import { anomalyKinds } from "./plan-anomalies";
import { evaluateSimulatedFleet } from "./evaluate-simulated-fleet";

describe("the simulated-fault benchmark", () => {
  it("scores the default configuration per kind: every fault found, few false alerts", () => {
    const evaluation = evaluateSimulatedFleet({ sensors: 40, warmupDays: 1, days: 2, anomalyRate: 0.5, seed: 3, config: () => anomalyConfigSchema.parse({}) });
    expect(evaluation.anomalies.length).toBeGreaterThan(20);
    for (const kind of anomalyKinds) {
      const k = evaluation.perKind[kind];
      expect(k.injected, kind).toBeGreaterThan(0);
      expect(k.recall!, kind).toBeGreaterThanOrEqual(kind === "drift" ? 0.8 : 0.9);
      expect(k.p50DelaySeconds, kind).not.toBeNull();
    }
    expect(evaluation.perKind.spike.p50DelaySeconds).toBe(0);
    expect(evaluation.falseAlertsPerCleanSensorDay).toBeLessThan(0.1);
  });

  it("can fail: with every detector off nothing is found", () => {
    const off = Object.fromEntries(["threshold", "spike", "level_shift", "drift", "stuck", "gap", "seasonal", "novelty"].map((d) => [d, { enabled: false }]));
    const evaluation = evaluateSimulatedFleet({
      sensors: 10,
      warmupDays: 0.5,
      days: 1,
      anomalyRate: 1,
      seed: 3,
      config: () => anomalyConfigSchema.parse({ defaults: off }),
    });
    for (const kind of anomalyKinds) expect(evaluation.perKind[kind].detected).toBe(0);
    expect(evaluation.alerts).toBe(0);
  });
});
