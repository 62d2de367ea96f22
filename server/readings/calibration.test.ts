import { describe, expect, it } from "vitest";
import type { Reading } from "../anomaly/detectors/detector";
import { seededRandom } from "../anomaly/synthetic-series";
import { applySensorCorrections, type FlaggedRange } from "./apply-sensor-corrections";
import { calibrate, calibrateAggregates, calibrationAt, identityCalibration, type CalibrationSpan } from "./calibration";
import { planSensorSegments } from "./plan-sensor-segments";
import { summarizeReadings } from "./summarize-readings";

describe("calibrationAt", () => {
  const history: CalibrationSpan[] = [
    { slope: 3, offset: 1, effectiveFrom: 40 },
    { slope: 2, offset: 0.5, effectiveFrom: 20 },
  ];
  it("is identity before the first calibration and the latest started one after, in any order of history", () => {
    expect(calibrationAt(history, 19)).toBe(identityCalibration);
    expect(calibrationAt(history, 20)).toMatchObject({ slope: 2, offset: 0.5 });
    expect(calibrationAt(history, 39)).toMatchObject({ slope: 2, offset: 0.5 });
    expect(calibrationAt(history, 40)).toMatchObject({ slope: 3, offset: 1 });
    expect(calibrationAt([], 40)).toBe(identityCalibration);
  });
  it("calibrates raw × slope + offset", () => {
    expect(calibrate(4, { slope: -2, offset: 1 })).toBe(-7);
    expect(calibrate(4, identityCalibration)).toBe(4);
  });
});

describe("calibrateAggregates", () => {
  const raw = { count: 4, mean: 2, min: 1, max: 4, stddev: 1.5, p95: 3.9, p5: 1.1 };
  it("maps location figures through the calibration and scales the spread", () => {
    expect(calibrateAggregates(raw, { slope: 2, offset: 1 })).toEqual({ count: 4, mean: 5, min: 3, max: 9, stddev: 3, p95: 8.8 });
  });
  it("swaps min and max and takes p95 from p5 under a negative slope", () => {
    expect(calibrateAggregates(raw, { slope: -1, offset: 10 })).toEqual({ count: 4, mean: 8, min: 6, max: 9, stddev: 1.5, p95: 8.9 });
  });
  it("gives nulls for no readings", () => {
    expect(calibrateAggregates({ count: 0, mean: null, min: null, max: null, stddev: null, p95: null, p5: null }, { slope: -2, offset: 1 })).toEqual({
      count: 0,
      mean: null,
      min: null,
      max: null,
      stddev: null,
      p95: null,
    });
  });

  it("agrees with calibrating every reading and summarising, for positive and negative slopes", () => {
    const next = seededRandom(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(next() * 120);
      const readings: Reading[] = Array.from({ length: n }, (_, i) => ({ time: i, value: Math.round((next() - 0.3) * 1e4) / 100 }));
      const calibration = { slope: (next() < 0.5 ? -1 : 1) * (0.1 + next() * 5), offset: (next() - 0.5) * 100 };
      const [summary] = summarizeReadings(readings, { from: 0 });
      const sorted = readings.map((r) => r.value).sort((a, b) => a - b);
      const p5Rank = Math.floor(n * 0.05 + 0.5) - 1;
      const fromAggregates = calibrateAggregates({ ...summary, p5: p5Rank < 0 ? null : sorted[p5Rank] }, calibration);
      const [exact] = summarizeReadings(
        readings.map((r) => ({ time: r.time, value: calibrate(r.value, calibration) })),
        { from: 0 },
      );

      expect(fromAggregates.count).toBe(exact.count);
      expect(fromAggregates.min).toBeCloseTo(exact.min!, 9);
      expect(fromAggregates.max).toBeCloseTo(exact.max!, 9);
      expect(fromAggregates.mean).toBeCloseTo(exact.mean!, 9);
      if (exact.stddev === null) expect(fromAggregates.stddev).toBeNull();
      else expect(fromAggregates.stddev).toBeCloseTo(exact.stddev, 9);
      if (calibration.slope > 0) expect(fromAggregates.p95).toBeCloseTo(exact.p95!, 9);
      else {
        // Nearest rank is not symmetric: raw p5 mirrors to the exact p95's rank or the one above it.
        const calibrated = readings.map((r) => calibrate(r.value, calibration)).sort((a, b) => a - b);
        const p95Index = Math.floor(n * 0.95 + 0.5) - 1;
        expect(calibrated[p95Index]).toBeCloseTo(exact.p95!, 9);
        expect([calibrated[p95Index], calibrated[Math.min(p95Index + 1, n - 1)]].some((v) => Math.abs(v - fromAggregates.p95!) < 1e-9)).toBe(true);
      }
    }
  });
});

describe("planSensorSegments", () => {
  it("keeps a window without flags or changes whole, with the calibration in effect", () => {
    expect(planSensorSegments({ from: 100, to: 200, calibrations: [{ slope: 2, offset: 0, effectiveFrom: 0 }], flags: [] })).toEqual([
      { from: 100, to: 200, slope: 2, offset: 0 },
    ]);
  });
  it("cuts out flagged ranges (both ends included) and splits at a calibration change", () => {
    const segments = planSensorSegments({
      from: 0,
      to: 300,
      calibrations: [{ slope: 2, offset: 1, effectiveFrom: 200 }],
      flags: [
        { from: 50, to: 100 },
        { from: 280, to: 400 },
      ],
    });
    expect(segments).toEqual([
      { from: 0, to: 50, slope: 1, offset: 0 },
      { from: 101, to: 200, slope: 1, offset: 0 },
      { from: 200, to: 280, slope: 2, offset: 1 },
    ]);
  });
  it("has nothing to read for a fully flagged window, and a flag ending at the window's start covers its first millisecond", () => {
    expect(planSensorSegments({ from: 0, to: 300, calibrations: [], flags: [{ from: -10, to: 300 }] })).toEqual([]);
    expect(planSensorSegments({ from: 0, to: 300, calibrations: [], flags: [{ from: -10, to: 0 }] })).toEqual([{ from: 1, to: 300, slope: 1, offset: 0 }]);
  });

  it("leaves out and calibrates exactly the readings applySensorCorrections does", () => {
    const next = seededRandom(5);
    const pick = (n: number) => Math.floor(next() * n);
    for (let trial = 0; trial < 300; trial++) {
      const from = pick(50);
      const to = from + 1 + pick(200);
      const times = Array.from({ length: to - from }, (_, i) => from + i);
      // Changes and flag ends on, around and outside the window, often on a reading's time.
      const calibrations: CalibrationSpan[] = [...new Set(Array.from({ length: pick(4) }, () => pick(300) - 25))].map((effectiveFrom) => ({
        effectiveFrom,
        slope: next() < 0.5 ? -2 : 3,
        offset: pick(10),
      }));
      const flags: FlaggedRange[] = Array.from({ length: pick(3) }, () => {
        const a = pick(300) - 25;
        return { from: a, to: a + pick(40) };
      });
      const readings = times.map((time) => ({ time, value: pick(1000) }));
      const segments = planSensorSegments({ from, to, calibrations, flags });
      const viaSegments = readings.flatMap((r) => {
        const segment = segments.find((s) => r.time >= s.from && r.time < s.to);
        return segment ? [{ time: r.time, value: calibrate(r.value, segment) }] : [];
      });
      expect(viaSegments).toEqual(applySensorCorrections(readings, { calibrations, flags }));
    }
  });
});
