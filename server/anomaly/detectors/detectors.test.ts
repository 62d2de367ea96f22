import { describe, expect, it } from "vitest";
import { syntheticSeries } from "../synthetic-series";
import { observeEach, type ObservedReading } from "@/tests/support/observe-readings";
import { seriesOf, type Detector, type Reading } from "./detector";
import { detectorNames, detectorRegistry, type DetectorName } from "./registry";
import { driftDetector } from "./drift";
import { gapDetector } from "./gap";
import { levelShiftDetector } from "./level-shift";
import { seasonalDetector } from "./seasonal";
import { spikeDetector } from "./spike";
import { stuckValueDetector } from "./stuck-value";
import { thresholdDetector } from "./threshold";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Runs one detector point by point; returns the findings with the index of the reading that raised them. */
function run<P, S>(detector: Detector<P, S>, readings: Reading[], overrides: Record<string, unknown> = {}) {
  const params = detector.params.parse(overrides);
  const state = detector.initialState(params);
  const findings = observeEach(detector, state, readings, params).flatMap(({ index, finding }) => (finding ? [{ index, finding }] : []));
  return { findings, state, params };
}

const clean = (count = 3000, seed = 7) => syntheticSeries({ count, intervalMs: 1000, level: 20, noise: 0.5, seed });
const dailyCycle = (days: number, seed = 3) =>
  syntheticSeries({ count: (days * DAY) / (5 * MINUTE), intervalMs: 5 * MINUTE, level: 20, dailyAmplitude: 8, noise: 0.5, seed });

describe("spike detector", () => {
  it("stays quiet on clean noisy data", () => {
    expect(run(spikeDetector, clean()).findings).toEqual([]);
  });

  it("flags exactly the injected spike, explained against the rolling median", () => {
    const series = clean();
    series[1500] = { ...series[1500], value: 20 + 0.5 * 12 };
    const { findings } = run(spikeDetector, series);
    expect(findings.map((f) => f.index)).toEqual([1500]);
    const { finding } = findings[0];
    expect(finding.observed).toBe(26);
    expect(finding.expected.center).toBeCloseTo(20, 0);
    expect(finding.score).toBeGreaterThan(7);
    expect(finding.message).toMatch(/Spike/);
  });
});

describe("level shift detector", () => {
  it("stays quiet on clean noisy data", () => {
    expect(run(levelShiftDetector, clean()).findings).toEqual([]);
  });

  it("flags a step once, within the recent window, and re-anchors on the new level", () => {
    const series = clean().map((r, i) => (i >= 1200 ? { ...r, value: r.value + 5 } : r));
    const { findings } = run(levelShiftDetector, series);
    expect(findings).toHaveLength(1);
    expect(findings[0].index).toBeGreaterThanOrEqual(1200);
    expect(findings[0].index).toBeLessThan(1205);
    expect(findings[0].finding.observed).toBeCloseTo(25, 0);
    expect(findings[0].finding.expected.center).toBeCloseTo(20, 0);
  });
});

describe("drift detector", () => {
  it("stays quiet on a clean daily cycle (the cycle mean does not move)", () => {
    expect(run(driftDetector, dailyCycle(8)).findings).toEqual([]);
  });

  it("flags a slow linear drift of the level, hidden under the daily cycle", () => {
    const series = dailyCycle(8).map((r, i) => (i >= 2 * 288 ? { ...r, value: r.value + (i - 576) * (1.5 / 288) } : r));
    const { findings } = run(driftDetector, series);
    expect(findings.length).toBeGreaterThanOrEqual(1);
    // The first cycle is the reference; a 1.5/day drift against 0.5-noise crosses 2σ inside the third day.
    expect(series[findings[0].index].time - series[0].time).toBeLessThan(4 * DAY);
    expect(findings[0].finding.observed).toBeGreaterThan(findings[0].finding.expected.center!);
  });
});

describe("stuck value detector", () => {
  it("stays quiet on clean noisy data", () => {
    expect(run(stuckValueDetector, clean()).findings).toEqual([]);
  });

  it("flags the N-th identical reading and re-sends the run's one alert every N readings while it stays stuck", () => {
    const series = clean(200).map((r, i) => (i >= 100 && i < 170 ? { ...r, value: 21.5 } : r));
    const { findings } = run(stuckValueDetector, series, { repeats: 30 });
    expect(findings.map((f) => f.index)).toEqual([129, 159]);
    expect(findings.map((f) => f.finding.keyTime)).toEqual([series[100].time, series[100].time]);
    expect(findings[0].finding.evidenceFrom).toBe(series[100].time);
    expect(findings.map((f) => f.finding.score)).toEqual([30, 60]);
  });

  it("with learnFor, treats the sensor's own plateaus as normal and only longer runs as stuck", () => {
    // A square wave: plateaus of 40 identical readings, one of them (at 400) lasting 120.
    const series = clean(800).map((r, i) => ({ ...r, value: i >= 400 && i < 520 ? 5 : Math.floor(i / 40) % 2 }));
    expect(run(stuckValueDetector, series, { repeats: 30 }).findings.length).toBeGreaterThan(5);
    const learned = run(stuckValueDetector, series, { repeats: 30, learnFor: 200 }).findings;
    // Twice the longest learned plateau (80) is reached once, inside the long run (re-sent 30 readings later).
    expect(learned.map((f) => f.index)).toEqual([479, 509]);
    expect(learned[0].finding.message).toMatch(/threshold 80/);
  });
});

describe("gap detector", () => {
  it("stays quiet on regular readings", () => {
    expect(run(gapDetector, clean(500)).findings).toEqual([]);
  });

  it("flags a reading that comes after a long silence, using the learned interval", () => {
    const series = syntheticSeries({ count: 100, intervalMs: 10_000 }).map((r, i) => (i >= 50 ? { ...r, time: r.time + 10 * MINUTE } : r));
    const { findings } = run(gapDetector, series);
    expect(findings.map((f) => f.index)).toEqual([50]);
    expect(findings[0].finding.observed).toBe(10 * MINUTE + 10_000);
    expect(findings[0].finding.expected.center).toBe(10_000);
    expect(findings[0].finding.message).toMatch(/not syncing/);
  });

  it("says 'not syncing' at scan time when nothing arrived at all, and not before the limit", () => {
    const series = syntheticSeries({ count: 30, intervalMs: 10_000 });
    const { state, params } = run(gapDetector, series);
    const last = series.at(-1)!.time;
    expect(gapDetector.check!(state, last + 55_000, params)).toBeNull();
    const finding = gapDetector.check!(state, last + 5 * MINUTE, params);
    expect(finding?.severity).toBe("critical");
    expect(finding?.evidenceFrom).toBe(last);
  });
});

describe("seasonal detector", () => {
  it("stays quiet on a clean noisy daily cycle", () => {
    expect(run(seasonalDetector, dailyCycle(10)).findings).toEqual([]);
  });

  it("flags a value normal for the day but wrong for the time of day", () => {
    const series = dailyCycle(10);
    // 18:00 is the trough (20 − 8); 24 is inside the day's range, so only the seasonal view sees it.
    const index = series.findIndex((r) => r.time >= Date.UTC(2026, 0, 8, 18));
    series[index] = { ...series[index], value: 24 };
    const { findings } = run(seasonalDetector, series);
    expect(findings.map((f) => f.index)).toEqual([index]);
    expect(findings[0].finding.expected.center).toBeCloseTo(12, 0);
  });
});

describe("threshold detector", () => {
  it("is inert without limits", () => {
    expect(run(thresholdDetector, clean(100)).findings).toEqual([]);
  });

  it("raises critical outside the valid range and warning beyond a threshold", () => {
    const series: Reading[] = [15, 20, 31, 200, -50].map((value, i) => ({ time: i * 1000, value }));
    const { findings } = run(thresholdDetector, series, { validMin: -40, validMax: 125, warnAbove: 30 });
    expect(findings.map((f) => [f.index, f.finding.severity])).toEqual([
      [2, "warning"],
      [3, "critical"],
      [4, "critical"],
    ]);
  });

  it("rejects contradictory limits", () => {
    expect(thresholdDetector.params.safeParse({ validMin: 10, validMax: 0 }).success).toBe(false);
  });
});

describe("a whole series in one call", () => {
  // Four days of minute readings with a daily cycle and one of each fault, so every detector finds something.
  const eventful = () => {
    const readings = syntheticSeries({ count: 4 * 1440, intervalMs: MINUTE, level: 20, dailyAmplitude: 6, noise: 0.3, seed: 9 });
    readings[2 * 1440 + 100] = { ...readings[2 * 1440 + 100], value: 95 };
    for (let i = 2 * 1440 + 300; i < 2 * 1440 + 360; i++) readings[i] = { ...readings[i], value: 17.5 };
    for (let i = 3 * 1440; i < 3 * 1440 + 240; i++) readings[i] = { ...readings[i], value: readings[i].value + 4 };
    return readings.filter((_, i) => i < 3 * 1440 + 600 || i >= 3 * 1440 + 720);
  };
  const overrides: Partial<Record<DetectorName, Record<string, number>>> = { threshold: { validMax: 60 }, drift: { blockMs: 600_000, blocksPerPeriod: 6 } };

  it.each(detectorNames)("%s gives the levels, findings and state of one reading at a time", (name) => {
    const detector = detectorRegistry[name] as Detector<unknown, unknown>;
    const params = detector.params.parse(overrides[name] ?? {});
    const readings = eventful();
    const oneByOne = detector.initialState(params);
    const expected = observeEach(detector, oneByOne, readings, params);

    const whole = detector.initialState(params);
    const sink = { levels: new Float64Array(readings.length), usual: new Uint8Array(readings.length), findings: [] as ObservedReading[] };
    detector.observe(whole, seriesOf(readings), params, {
      levels: sink.levels,
      usual: sink.usual,
      found: (index, finding) => void sink.findings.push({ index, level: 0, usual: false, finding }),
    });

    expect(expected.some((r) => r.finding)).toBe(true);
    expect([...sink.levels]).toEqual(expected.map((r) => r.level));
    expect([...sink.usual].map((u) => u === 1)).toEqual(expected.map((r) => r.usual));
    expect(sink.findings.map((f) => [f.index, f.finding])).toEqual(expected.filter((r) => r.finding).map((r) => [r.index, r.finding]));
    expect(JSON.parse(JSON.stringify(whole))).toEqual(JSON.parse(JSON.stringify(oneByOne)));
  });
});
