import { describe, expect, it } from "vitest";
import { calibrateAggregates } from "./calibrate-aggregates";
import { combineFigures } from "./combine-figures";
import { planSensorSegments } from "./plan-sensor-segments";
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
});

describe("calibrateAggregates", () => {
  const raw = { count: 4, mean: 2, min: 1, max: 4, stddev: 1.5, p95: 3.9, p5: 1.1 };
  it("maps location figures through slope × x + offset and scales the spread", () => {
    expect(calibrateAggregates(raw, { slope: 2, offset: 1 })).toEqual({ count: 4, mean: 5, min: 3, max: 9, stddev: 3, p95: 8.8 });
  });
  it("swaps min and max and takes p95 from p5 under a negative slope", () => {
    expect(calibrateAggregates(raw, { slope: -1, offset: 10 })).toEqual({ count: 4, mean: 8, min: 6, max: 9, stddev: 1.5, p95: 8.9 });
  });
});

describe("planSensorSegments", () => {
  it("keeps a window without flags or changes whole, with the calibration in effect", () => {
    expect(planSensorSegments({ from: 100, to: 200, calibrations: [{ slope: 2, offset: 0, effectiveFrom: 0 }], flags: [] })).toEqual([{ from: 100, to: 200, slope: 2, offset: 0 }]);
  });
  it("cuts out flagged ranges and splits at a calibration change", () => {
    const segments = planSensorSegments({
      from: 0,
      to: 300,
      calibrations: [{ slope: 2, offset: 1, effectiveFrom: 200 }],
      flags: [{ from: 50, to: 100 }, { from: 280, to: 400 }],
    });
    expect(segments).toEqual([
      { from: 0, to: 50, slope: 1, offset: 0 },
      { from: 100, to: 200, slope: 1, offset: 0 },
      { from: 200, to: 280, slope: 2, offset: 1 },
    ]);
  });
  it("has nothing to read for a fully flagged window", () => {
    expect(planSensorSegments({ from: 0, to: 300, calibrations: [], flags: [{ from: -10, to: 300 }] })).toEqual([]);
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
