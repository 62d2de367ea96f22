import { describe, expect, it } from "vitest";
import { seededRandom } from "../anomaly/synthetic-series";
import { applySensorCorrections } from "../readings/apply-sensor-corrections";
import { calibrateAggregates, type CalibrationSpan } from "../readings/calibration";
import { planSensorSegments } from "../readings/plan-sensor-segments";
import { summarizeReadings } from "../readings/summarize-readings";
import { combineFigures } from "./combine-figures";
import { reportHealth } from "./report-health";
import { windowEndOf, windowStartOf } from "./report-windows";
import { sensorStatusAt } from "./sensor-status-at";

const sampleStats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const stddev = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  return { count: xs.length, mean, min: Math.min(...xs), max: Math.max(...xs), stddev, p95: Math.max(...xs) };
};

describe("combineFigures", () => {
  it("pools count-weighted mean and sample stddev exactly as over the union", () => {
    const a = [1, 2, 3, 4];
    const b = [10, 20];
    const combined = combineFigures([sampleStats(a), sampleStats(b)]);
    const union = sampleStats([...a, ...b]);
    expect(combined.count).toBe(6);
    expect(combined.mean).toBeCloseTo(union.mean, 12);
    expect(combined.stddev).toBeCloseTo(union.stddev, 12);
    expect([combined.min, combined.max]).toEqual([1, 20]);
  });

  it("ignores empty parts and gives nulls when nothing was read", () => {
    expect(combineFigures([{ count: 0, mean: null, min: null, max: null, stddev: null, p95: null }])).toMatchObject({ count: 0, mean: null, stddev: null });
    expect(combineFigures([{ count: 1, mean: 5, min: 5, max: 5, stddev: null, p95: 5 }]).stddev).toBe(0);
  });

  it("figures of a window built per segment (calibration changes inside, negative slopes, flags) equal those of the corrected readings", () => {
    const next = seededRandom(3);
    const pick = (n: number) => Math.floor(next() * n);
    for (let trial = 0; trial < 200; trial++) {
      const readings = Array.from({ length: 300 }, (_, time) => ({ time, value: pick(10_000) / 100 })).filter(() => next() < 0.7);
      const calibrations: CalibrationSpan[] = [...new Set([pick(300), pick(300)])].map((effectiveFrom) => ({
        effectiveFrom,
        slope: next() < 0.5 ? -(0.5 + next()) : 0.5 + next(),
        offset: pick(50),
      }));
      const flagFrom = pick(300);
      const flags = next() < 0.5 ? [] : [{ from: flagFrom, to: flagFrom + pick(30) }];
      // What InfluxDB computes per segment: statistics of the raw readings in [from, to), and p5.
      const parts = planSensorSegments({ from: 0, to: 300, calibrations, flags }).map((segment) => {
        const raw = readings.filter((r) => r.time >= segment.from && r.time < segment.to);
        if (raw.length === 0) return { count: 0, mean: null, min: null, max: null, stddev: null, p95: null };
        const sorted = raw.map((r) => r.value).sort((a, b) => a - b);
        const p5Index = Math.floor(raw.length * 0.05 + 0.5) - 1;
        return calibrateAggregates({ ...summarizeReadings(raw, { from: 0 })[0], p5: p5Index < 0 ? null : sorted[p5Index] }, segment);
      });
      const combined = combineFigures(parts);
      const [exact] = summarizeReadings(applySensorCorrections(readings, { calibrations, flags }), { from: 0 });
      expect(combined.count).toBe(exact?.count ?? 0);
      if (!exact) continue;
      expect(combined.min).toBeCloseTo(exact.min!, 9);
      expect(combined.max).toBeCloseTo(exact.max!, 9);
      expect(combined.mean).toBeCloseTo(exact.mean!, 9);
      expect(combined.stddev).toBeCloseTo(exact.stddev ?? 0, 9);
    }
  });
});

describe("report windows", () => {
  const t = Date.UTC(2026, 10, 18, 13, 47, 12); // a Wednesday
  it("aligns 5m, 1h, 1d, ISO weeks and calendar months in UTC", () => {
    expect(new Date(windowStartOf("5m", t)).toISOString()).toBe("2026-11-18T13:45:00.000Z");
    expect(new Date(windowStartOf("1h", t)).toISOString()).toBe("2026-11-18T13:00:00.000Z");
    expect(new Date(windowStartOf("1d", t)).toISOString()).toBe("2026-11-18T00:00:00.000Z");
    expect(new Date(windowStartOf("1w", t)).toISOString()).toBe("2026-11-16T00:00:00.000Z");
    expect(new Date(windowStartOf("1mo", t)).toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(new Date(windowEndOf("1mo", windowStartOf("1mo", t))).toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });
});

describe("status and health", () => {
  it("is ok within two intervals, late up to ten, silent after or without readings", () => {
    expect(sensorStatusAt({ at: 10_000_000, lastReadingAt: 10_000_000 - 180_000, intervalSeconds: 60 })).toBe("ok");
    expect(sensorStatusAt({ at: 10_000_000, lastReadingAt: 10_000_000 - 181_000, intervalSeconds: 60 })).toBe("late");
    expect(sensorStatusAt({ at: 10_000_000, lastReadingAt: 10_000_000 - 1_801_000, intervalSeconds: 60 })).toBe("silent");
    expect(sensorStatusAt({ at: 1_000_000, lastReadingAt: null, intervalSeconds: 60 })).toBe("silent");
  });
  it("colours a group by completeness, silent sensors and alerts", () => {
    const base = { completeness: 1, sensorsLate: 0, sensorsSilent: 0, alertsWarning: 0, alertsCritical: 0 };
    expect(reportHealth(base)).toBe("ok");
    expect(reportHealth({ ...base, completeness: 0.9 })).toBe("warn");
    expect(reportHealth({ ...base, alertsCritical: 1 })).toBe("bad");
    expect(reportHealth({ ...base, completeness: null })).toBe("bad");
  });
});
