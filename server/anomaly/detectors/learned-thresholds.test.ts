import { describe, expect, it } from "vitest";
import { emptySensorState, evaluateSensorReadings } from "../evaluate-sensor-readings";
import { resolveDetectors } from "../resolve-detectors";
import { anomalyConfigSchema } from "../schemas";
import { syntheticSeries } from "../synthetic-series";
import { observeEach } from "@/tests/support/observe-readings";
import { seriesOf, type Detector, type Reading } from "./detector";
import { gapDetector } from "./gap";
import { levelShiftDetector } from "./level-shift";
import { spikeDetector } from "./spike";
import { stuckValueDetector } from "./stuck-value";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const learn = { learnFor: 600, learnMargin: 3 };

function alertsOf<P, S>(detector: Detector<P, S>, readings: Reading[], overrides: Record<string, number> = {}) {
  const params = detector.params.parse(overrides);
  const state = detector.initialState(params);
  return observeEach(detector, state, readings, params).flatMap(({ index, finding }) => (finding ? [index] : []));
}

/** Like NAB's art_daily_small_noise square waves: 5-minute readings, 20 by night, 80 from 08:00 to 18:00, a little noise. */
const squareWave = (days: number) =>
  syntheticSeries({ count: (days * 24 * 60) / 5, intervalMs: 5 * MINUTE, noise: 0.5, seed: 2 }).map((r) => {
    const hour = new Date(r.time).getUTCHours();
    return { ...r, value: r.value + (hour >= 8 && hour < 18 ? 80 : 20) };
  });

describe("fault detectors that first learn what the sensor does by itself", () => {
  it("a square wave's daily edges are the signal once learned, while a fault far beyond them is still found", () => {
    const readings = squareWave(6);
    // biome-ignore lint/suspicious/noExplicitAny: two detectors with different options, driven through the common interface
    for (const detector of [spikeDetector, levelShiftDetector] as Detector<any, any>[]) {
      // Without learning every edge alerts, every day.
      expect(alertsOf(detector, readings).length).toBeGreaterThanOrEqual(10);
      expect(alertsOf(detector, readings, learn).filter((i) => i >= 600)).toEqual([]);
    }
    // NAB's flat line: a run that starts while learning is the signal, however long it lasts.
    const flat = readings.map((r) => ({ ...r, value: 7 }));
    expect(alertsOf(stuckValueDetector, flat).length).toBeGreaterThan(0);
    expect(alertsOf(stuckValueDetector, flat, learn)).toEqual([]);
    const frozen = readings.map((r, i) => (i >= 1000 && i < 1100 ? { ...r, value: 20 } : r));
    expect(alertsOf(stuckValueDetector, frozen, learn)[0]).toBe(1029);
    // A spike far beyond the edges (3 × the learned z) still alerts after learning.
    const noisy = syntheticSeries({ count: 2000, intervalMs: MINUTE, level: 50, noise: 1, seed: 8 });
    noisy[1500] = { ...noisy[1500], value: 150 };
    expect(alertsOf(spikeDetector, noisy, learn)).toEqual([1500]);
  });

  it("a single fault while learning does not blind the detector: the second largest statistic counts", () => {
    const noisy = syntheticSeries({ count: 2000, intervalMs: MINUTE, level: 50, noise: 1, seed: 9 });
    noisy[300] = { ...noisy[300], value: 150 }; // while learning: reported, and not learned as natural
    noisy[1500] = { ...noisy[1500], value: 90 };
    expect(alertsOf(spikeDetector, noisy, learn)).toEqual([300, 1500]);
  });

  it("a source that reports irregularly by nature is not 'not syncing'; a silence beyond three times its longest is", () => {
    // Travel-time style: every 5 minutes, with gaps of up to 40 minutes now and then.
    let time = Date.UTC(2026, 0, 1);
    const readings: Reading[] = [];
    for (let i = 0; i < 1500; i++) {
      time += i % 37 === 0 ? 40 * MINUTE : 5 * MINUTE;
      if (i === 1200) time += 3 * HOUR;
      readings.push({ time, value: 1 });
    }
    expect(alertsOf(gapDetector, readings).filter((i) => i >= 600).length).toBeGreaterThan(20);
    expect(alertsOf(gapDetector, readings, learn).filter((i) => i >= 600)).toEqual([1200]);
  });
});

describe("novelty after a sensor fault", () => {
  const config = anomalyConfigSchema.parse({});
  const run = (readings: Reading[], quietAfterFaultMs: number) =>
    evaluateSensorReadings({
      sensorKey: "s",
      detectors: resolveDetectors(config, { sensorKey: "s" }),
      state: emptySensorState(),
      series: seriesOf(readings),
      bucketMs: config.bucketMs,
      cooldownMs: 0,
      quietAfterFaultMs,
    }).candidates;

  it("stays silent for a day after a fault alert (its profile learned the fault), but reports on the fault's own reading", () => {
    // Four days of one-minute readings with a daily cycle; a level shift of 5 hours on day 3 teaches
    // the daily profile the shifted level, which echoes when the sensor recovers.
    const readings = syntheticSeries({ count: 4 * 1440, intervalMs: MINUTE, level: 20, dailyAmplitude: 6, noise: 0.3, seed: 5 });
    const from = 2 * 1440 + 600;
    for (let i = from; i < from + 300; i++) readings[i] = { ...readings[i], value: readings[i].value + 6 };
    const loud = run(readings, 0);
    const quiet = run(readings, 86_400_000);
    const faultAt = quiet.find((c) => c.detector !== "novelty")!.time;
    expect(loud.some((c) => c.detector === "novelty" && c.time > faultAt)).toBe(true);
    expect(quiet.filter((c) => c.detector === "novelty" && c.time > faultAt && c.time < faultAt + 86_400_000)).toEqual([]);
    // The fault detectors themselves are not held back.
    expect(quiet.filter((c) => c.detector !== "novelty")).toEqual(loud.filter((c) => c.detector !== "novelty"));
  });
});
