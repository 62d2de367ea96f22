import { describe, expect, it } from "vitest";
import { seriesOf } from "./detectors/detector";
import { detectorNames } from "./detectors/registry";
import { emptySensorState, evaluateSensorReadings, type AlertCandidate } from "./evaluate-sensor-readings";
import { resolveDetectors } from "./resolve-detectors";
import { anomalyConfigSchema } from "./schemas";
import { restoreSensorState, serializeSensorState } from "./sensor-state-codec";
import { syntheticSeries } from "./synthetic-series";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Eight days of one-minute readings with a daily cycle and one of every fault, so every detector has something to say. */
function eventfulSeries() {
  const readings = syntheticSeries({ count: (8 * DAY) / MINUTE, intervalMs: MINUTE, level: 20, dailyAmplitude: 6, noise: 0.3, seed: 21 });
  const at = (day: number, hour: number) => Math.round((day * DAY + hour * 3_600_000) / MINUTE);
  readings[at(3, 2)] = { ...readings[at(3, 2)], value: 95 }; // spike, out of range, new range
  for (let i = at(4, 1); i < at(4, 2); i++) readings[i] = { ...readings[i], value: 17.5 }; // stuck
  for (let i = at(5, 3); i < at(5, 7); i++) readings[i] = { ...readings[i], value: readings[i].value + 4 }; // level shift
  for (let i = at(6, 0); i < at(7, 0); i++) readings[i] = { ...readings[i], value: readings[i].value + (3 * (i - at(6, 0))) / 1440 }; // drift
  return readings.filter((_, i) => i < at(7, 10) || i >= at(7, 12)); // dropout of two hours
}

describe("snapshot → restore gives the alerts of a scan that never stopped", () => {
  const readings = eventfulSeries();
  const config = anomalyConfigSchema.parse({
    profile: "physical",
    // Drift learns its natural wander for a day of levels, not the profile's week: the series is eight days long.
    defaults: {
      ...Object.fromEntries(detectorNames.map((d) => [d, { enabled: true }])),
      threshold: { params: { validMin: 0, validMax: 60 } },
      drift: { params: { learnFor: 24 } },
    },
  });
  const detectors = resolveDetectors(config, { sensorKey: "s" });
  const options = { sensorKey: "s", detectors, bucketMs: config.bucketMs, cooldownMs: config.cooldownMs };
  const whole = evaluateSensorReadings({ ...options, state: emptySensorState(), series: seriesOf(readings), now: readings.at(-1)!.time });

  it("runs every detector, and each one alerts on this series", () => {
    expect(detectors.map((d) => d.name).sort()).toEqual([...detectorNames].sort());
    expect(new Set(whole.candidates.map((c) => c.detector))).toEqual(new Set(detectorNames));
  });

  it.each([31, 997, 4321])("stopped every %i readings, snapshot through JSON, restored: the same alerts per detector and the same state", (every) => {
    let stored = serializeSensorState(emptySensorState());
    const alerts: AlertCandidate[] = [];
    for (let from = 0; from < readings.length; from += every) {
      const batch = readings.slice(from, from + every);
      const result = evaluateSensorReadings({
        ...options,
        state: restoreSensorState(stored),
        series: seriesOf(batch),
        now: from + every >= readings.length ? readings.at(-1)!.time : undefined,
      });
      alerts.push(...result.candidates);
      stored = serializeSensorState(result.state);
    }
    for (const name of detectorNames) expect(alerts.filter((a) => a.detector === name)).toEqual(whole.candidates.filter((a) => a.detector === name));
    expect(JSON.parse(stored)).toEqual(JSON.parse(serializeSensorState(whole.state)));
  });
});
