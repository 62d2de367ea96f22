import { describe, expect, it } from "vitest";
import { applySensorCorrections, flaggedTimes, isFlaggedAt } from "./apply-sensor-corrections";

const readings = [0, 10, 20, 30, 40, 50].map((t) => ({ time: t, value: 1 }));

describe("applySensorCorrections", () => {
  it("leaves readings as they are without calibrations or flags", () => {
    expect(applySensorCorrections(readings, { calibrations: [], flags: [] })).toEqual(readings);
  });

  it("applies the calibration in effect at each reading's time, raw before the first", () => {
    const out = applySensorCorrections(readings, {
      calibrations: [
        { slope: 3, offset: 1, effectiveFrom: 40 },
        { slope: 2, offset: 0.5, effectiveFrom: 20 },
      ],
      flags: [],
    });
    expect(out.map((r) => r.value)).toEqual([1, 1, 2.5, 2.5, 4, 4]);
  });

  it("leaves out readings inside a flagged range, both ends included", () => {
    const out = applySensorCorrections(readings, { calibrations: [], flags: [{ from: 10, to: 30 }] });
    expect(out.map((r) => r.time)).toEqual([0, 40, 50]);
  });

  it("flags and calibrations combine", () => {
    const out = applySensorCorrections(readings, { calibrations: [{ slope: -1, offset: 0, effectiveFrom: 0 }], flags: [{ from: 50, to: 60 }] });
    expect(out).toEqual(readings.slice(0, 5).map((r) => ({ time: r.time, value: -1 })));
  });

  it("finds flagged times among many overlapping, touching and nested flags exactly as the linear test does", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const flags = Array.from({ length: 500 }, () => {
      const from = Math.floor(rand() * 100_000);
      return { from, to: from + Math.floor(rand() * 300) };
    });
    flags.push({ from: 5, to: 9 }, { from: 10, to: 12 }, { from: 200_000, to: 200_010 });
    const isFlagged = flaggedTimes(flags);
    for (let t = -5; t < 210_000; t += 3) expect(isFlagged(t), `t = ${t}`).toBe(isFlaggedAt(flags, t));
    expect(flaggedTimes([])(0)).toBe(false);
  });
});
